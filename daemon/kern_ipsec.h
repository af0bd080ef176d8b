/* IPsec for the home registration (RFC 3776 §4, RFC 6275 §5.1): the Binding Update
 * (MN -> HA) and Binding Acknowledgement (HA -> MN) of a protected pair (home address,
 * home agent) go in ESP transport mode, selected on the home address. The SAs themselves
 * (SA HoA -> HA and SA HA -> HoA, mode transport, with the pair's reqids) are written by
 * someone else (ip xfrm state, a key manager); mip6d puts in place, over NETLINK_XFRM and
 * in the ledger (kern_close() removes them, policies before states):
 *
 *   - per pair, an outbound and an inbound policy on the Mobility Header type (5: BU,
 *     6: BA), each with two templates: ESP transport (level required, the reqid) and
 *     the Home Address option (BU) or the type 2 routing header (BA) of mode ro
 *     (level use, so that a message from or to the home link goes without it);
 *   - per pair, the inbound ro state of the header this node receives (HA: hao, MN:
 *     route2) with the care-of address ::, which the kernel takes as "any": a BU from a
 *     care-of address the home agent has never seen passes the header's check, then ESP's;
 *   - per pair, while the MN is away, the outbound ro state of the header this node
 *     sends (MN: hao, HA: route2) with the care-of address (kern_ipsec_coa()).
 *
 * A message of the pair that did not come through ESP (a plain BU, whatever its
 * addresses) fails the inbound policy: the kernel drops it. docs/design.md, "IPsec for
 * the home registration: policies, states and the receive path". Needs a kernel with
 * IPV6_MIP6 (kern_ro_probe()) and ESP.
 *
 * All functions return 0 or -errno. */
#ifndef MIP6D_KERN_IPSEC_H
#define MIP6D_KERN_IPSEC_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

/* The policies and the inbound state of one protected pair. reqid_to_ha: the reqid of
 * the SA HoA -> HA, reqid_to_mn that of HA -> HoA; 0 matches any SA on input and the SA
 * of reqid 0 on output. mn: this node is the MN (out = BU, in = BA), else the HA (out =
 * BA, in = BU). Calling it again for the same pair re-puts everything (new reqids);
 * the same pair in both roles in one namespace is refused (-EBUSY). */
int kern_ipsec_pair_add(const struct in6_addr *hoa, const struct in6_addr *ha,
			uint32_t reqid_to_ha, uint32_t reqid_to_mn, bool mn);
/* Before sending a protected BU from coa (MN) or a BA to coa (HA): the outbound ro state
 * of the pair inserts coa (HAO: the source becomes coa; RH2: the destination does). coa
 * NULL or equal to hoa: no such state, the message goes without the header (at home).
 * Idempotent: nothing is written when coa is what the state has. -ENOENT: no such pair. */
int kern_ipsec_coa(const struct in6_addr *hoa, const struct in6_addr *ha,
		   const struct in6_addr *coa, bool mn);

#endif
