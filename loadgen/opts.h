/* mip6-loadgen's command line: what to play (how many mobile nodes, which prefixes,
 * what each does) and how hard (rate, window, flood). Parsed apart from the program so
 * that the unit tests can check every refusal. */
#ifndef LG_OPTS_H
#define LG_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>

#define LG_MAX_NODES	(1u << 20)
#define LG_MAX_WINDOW	65536

/* Kinds of hostile packet in the flood, as bits of lg_opts.flood_mix. */
enum lg_flood_kind {
	FL_FORGED_BU,		/* first registration for a random home address */
	FL_MAX_LIFETIME,	/* the same with the largest lifetime the wire carries */
	FL_BAD_CSUM,		/* a BU whose checksum is wrong */
	FL_OPT_TRUNC,		/* a PadN option running past the end of the MH */
	FL_OPT_OVERSIZE,	/* an Alternate CoA option of 255 bytes in a 1.3 KB MH */
	FL_UNKNOWN_MH,		/* MH type 42 */
	FL_HAO_NO_BINDING,	/* Binding Refresh Request with a HAO nobody registered */
	FL_REPLAY,		/* a legitimate node's HoA with a sequence number already used */
	FL_KINDS
};

struct lg_prefix {
	struct in6_addr addr;
	unsigned len;
};

struct lg_opts {
	const char *ifname;		/* the link to the HA: answers are read there */
	struct in6_addr ha;		/* the HA's address (in the home prefix) */
	struct lg_prefix home;		/* the home prefix, /64 */
	struct lg_prefix coa;		/* visited prefix; its /64s hold the care-of addresses */
	uint32_t nodes;			/* mobile nodes played */
	uint32_t first;			/* index of the first (generators side by side) */
	uint32_t per_prefix;		/* nodes per visited /64 */
	double rate;			/* BUs/s; 0: as fast as the window lets */
	uint32_t window;		/* BUs awaiting their BA at most */
	uint32_t lifetime;		/* seconds asked for */
	uint32_t refreshes, moves;	/* passes of each after the registrations */
	double duration;		/* > 0: refresh and move passes until this many s */
	double timeout;			/* s without a BA before a BU counts as lost */
	uint32_t tries;			/* BUs per step before the node gives it up */
	bool keep;			/* leave the bindings registered (no deregistration) */
	double flood_rate;		/* hostile packets/s; < 0: as fast as it can */
	struct lg_prefix flood;		/* sources of the flood (random /64s inside) */
	uint32_t flood_mix;		/* 1 << enum lg_flood_kind */
	int ha_pid;			/* > 0: the HA's memory is read at the end */
	const char *ha_netns;		/* the HA's kernel objects are counted there */
	const char *json;		/* where the JSON report goes */
	bool quiet;
};

/* 0: opts filled in; 1: -h asked (usage to stdout); -1: err[] says what is wrong. */
int lg_opts_parse(int argc, char **argv, struct lg_opts *o, char *err, size_t errlen);
void lg_usage(FILE *out);
const char *lg_flood_kind_name(unsigned kind);

#endif
