/* ops_wire.c - messages out: the engine's Mobility Header messages and Router
 * Solicitations, built and sent by the I/O side. */
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
