/* Reading what comes back on the link: which node an MH is for, and whether a BA
 * answers that node's BU as RFC 6275 says it must (§6.1.8, §9.5.4, §10.3.1). */
#ifndef LG_BACHECK_H
#define LG_BACHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "addr.h"
#include "mh.h"

enum lg_rx_kind { RX_NOT_MH, RX_MALFORMED, RX_BA, RX_BE, RX_OTHER_MH };

struct lg_rx {
	enum lg_rx_kind kind;
	struct in6_addr src, dst;
	bool has_rh2;
	struct in6_addr rh2;
	bool csum_ok;
	struct mh_msg m;
	int64_t node;		/* the node it names (RH2, BE's home address, else the
				 * destination's identifier), -1 for none of ours */
};

/* Parse one IPv6 packet read from the link. */
void lg_rx_parse(const void *pkt, size_t len, const struct lg_plan *plan, struct lg_rx *rx);

struct lg_ba_expect {
	struct in6_addr ha, hoa, coa;
	uint16_t seq;
	uint32_t lifetime;	/* seconds asked for; 0 for a deregistration */
};

/* Bits 1 << enum lg_err of what is wrong with rx as the answer to the BU described
 * by e; 0 when nothing is. */
uint32_t lg_ba_check(const struct lg_rx *rx, const struct lg_ba_expect *e);

#endif
