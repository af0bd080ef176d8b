/* ops_wire.c - messages out: the engine's Mobility Header messages, Router
 * Solicitations and discovery's ICMPv6, built and sent by the I/O side; the anycast
 * addresses a home agent listens on. */
#include "io.h"
#include "ops_int.h"

int ops_send_mh(void *ctx, const struct eng_tx *tx, const struct mh_msg *m)
{
	(void)ctx;
	return io_send_mh(tx, m);
}

int ops_send_rs(void *ctx, int ifindex)
{
	(void)ctx;
	return io_send_rs(ifindex);
}

int ops_send_icmp(void *ctx, const struct eng_tx *tx, const struct dhaad_msg *m)
{
	(void)ctx;
	return io_send_icmp(tx, m);
}

int ops_anycast(void *ctx, int ifindex, const struct in6_addr *addr, bool join)
{
	(void)ctx;
	return io_anycast(ifindex, addr, join);
}

int ops_mn_probe(void *ctx, const struct in6_addr *hoa, const struct in6_addr *ha)
{
	(void)ctx;
	return io_send_probe(hoa, ha);
}
