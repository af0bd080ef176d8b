/* What a run measured: BA latencies per phase (every sample kept, percentiles by
 * sorting: at a million samples that is 4 MB and a fraction of a second, and exact),
 * and the errors by kind. */
#ifndef LG_STATS_H
#define LG_STATS_H

#include <stddef.h>
#include <stdint.h>

enum lg_phase { PH_REGISTER, PH_REFRESH, PH_MOVE, PH_DEREG, PH_COUNT };

/* Everything a legitimate node's BU can run into. */
enum lg_err {
	ERR_TIMEOUT,		/* no BA within --timeout (the BU is sent again, seq + 1) */
	ERR_GAVE_UP,		/* --tries BUs of one step lost */
	ERR_STATUS,		/* BA status >= 128 */
	ERR_SEQ,		/* BA sequence number not the BU's */
	ERR_LIFETIME,		/* more than asked, 0 for a registration, not 0 for a deregistration */
	ERR_CHECKSUM,		/* MH checksum does not verify */
	ERR_RH2,		/* no type 2 routing header, or not the home address */
	ERR_ADDR,		/* not from the HA's address, or not to the node's care-of address */
	ERR_MALFORMED,		/* an MH to a node that the codec cannot decode */
	ERR_UNEXPECTED,		/* a BA for a node with no BU outstanding (late, duplicate) */
	ERR_BE,			/* a Binding Error to a node */
	ERR_SEND,		/* the kernel refused to send a BU */
	ERR_COUNT
};

struct lg_lat {
	uint32_t *us;		/* latencies in microseconds */
	size_t n, cap;
	int sorted;
};

int lg_lat_add(struct lg_lat *l, uint32_t us);
/* The p-th percentile (0 < p <= 100), nearest rank; 0 without samples. */
uint32_t lg_lat_pct(struct lg_lat *l, double p);
uint32_t lg_lat_max(struct lg_lat *l);
void lg_lat_free(struct lg_lat *l);

struct lg_phase_stats {
	uint64_t sent, acked;		/* BUs sent; BAs accepted (status < 128) */
	double t_start, t_end;		/* of its last pass, seconds since the run began */
	double seconds;			/* all its passes together */
	struct lg_lat lat;
};

struct lg_stats {
	struct lg_phase_stats ph[PH_COUNT];
	uint64_t err[ERR_COUNT];
	uint64_t status_seen[256];	/* BA statuses to legitimate nodes, refusals included */
	uint64_t bas_checked;		/* BAs to legitimate nodes, every check run */
	uint64_t flood_sent[16];	/* per enum lg_flood_kind */
	uint64_t flood_send_errors;
	uint64_t flood_answers;		/* MH packets to the flood's sources */
	uint64_t rx_other;		/* IPv6 packets read that are none of the above */
	double elapsed;
};

const char *lg_phase_name(unsigned ph);
const char *lg_err_name(unsigned e);
uint64_t lg_errors(const struct lg_stats *s);

#endif
