/* Route Optimization's data path (RFC 6275 §6.3, §6.4, §9.3, §11.3): the kernel adds
 * and strips the Home Address option and the type 2 routing header of data packets,
 * through XFRM states of mode ro (proto hao / route2, with a care-of address) and
 * policies with templates of those protos. Needs a kernel with IPV6_MIP6.
 *
 * Per binding, on either side, six objects, all in the ledger (kern_close() removes
 * them, policies before states): an outbound state and policy (HAO on the MN, RH2 on
 * the CN), an inbound state and policy that accept the other header (RH2 on the MN,
 * HAO on the CN; plain packets between the same addresses pass too), and two outbound
 * bypass policies that keep Mobility Header packets as the daemon built them (a
 * protocol-135 flow, and a protocol-255 one: what an IPPROTO_RAW socket's packets are
 * to XFRM). docs/design.md, "Route optimization data path: XFRM ro states".
 *
 * On the MN the home address must carry IFA_F_HOMEADDRESS: the kernel drops a packet
 * whose type 2 routing header names an address without it.
 *
 * All functions return 0 or -errno. */
#ifndef MIP6D_KERN_XFRM_H
#define MIP6D_KERN_XFRM_H

#include <netinet/in.h>

/* 0 when this kernel can insert/remove HAO and RH2 with XFRM ro states (IPV6_MIP6),
 * else -errno (e.g. -EPROTONOSUPPORT). Leaves nothing behind. */
int kern_ro_probe(void);
/* Mobile node: packets from hoa to peer (any protocol but MH) leave from coa with a
 * Home Address option; packets from peer to coa with a type 2 routing header for hoa
 * are accepted. Calling it again with another coa moves the entry (update, not del+add). */
int kern_ro_mn_set(const struct in6_addr *hoa, const struct in6_addr *coa,
		   const struct in6_addr *peer);
/* Mobile node, before its BU to peer: only the receiving half (packets from peer to coa
 * with a type 2 routing header for hoa are accepted), so that what the correspondent
 * sends as soon as it has accepted the BU is taken. kern_ro_mn_set() completes it,
 * kern_ro_mn_del() removes it. */
int kern_ro_mn_accept(const struct in6_addr *hoa, const struct in6_addr *coa,
		      const struct in6_addr *peer);
int kern_ro_mn_del(const struct in6_addr *hoa, const struct in6_addr *peer);
/* Correspondent: packets from local to hoa (any protocol but MH) leave to coa with a
 * type 2 routing header; packets from coa with a Home Address option hoa are accepted
 * as from hoa. Again: a second call with another coa updates. */
int kern_ro_cn_set(const struct in6_addr *local, const struct in6_addr *hoa,
		   const struct in6_addr *coa);
int kern_ro_cn_del(const struct in6_addr *local, const struct in6_addr *hoa);

#endif
