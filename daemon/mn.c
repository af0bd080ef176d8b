/* mn.c - the Mobile Node role: movement detection (md.c) feeding the Binding Update
 * List (bul.c), which takes the home agent's BAs and BEs. */
#include "engine_int.h"
#include "log.h"
#include "md.h"

static void mn_start(struct engine *e)
{
	md_start(e);
	bul_init(e);
	/* Every timer the role owns has its place in the heap from the start. */
	if (theap_reserve(&e->timers, e->timers.n + 2 * e->ifaces.n + 4 * e->bul.n) < 0)
		fatalx("out of memory for the mobile node's timers");
}

static void mn_stop(struct engine *e)
{
	bul_stop(e);
	md_stop(e);
}

static void mn_addr(struct engine *e, struct eng_iface *ifc)
{
	(void)ifc;
	md_evaluate(e);
}

const struct role mn_role = {
	.name = "mobile node",
	.mh = { [MH_BA] = bul_rx_ba, [MH_BE] = bul_rx_be },
	.start = mn_start,
	.stop = mn_stop,
	.ra = md_rx_ra,
	.link = md_link,
	.addr = mn_addr,
	.icmp = {
		[ROLE_ICMP_SLOT(ICMP6_DHAAD_REPLY)] = bul_rx_dhaad_reply,
		[ROLE_ICMP_SLOT(ICMP6_MP_ADV)] = bul_rx_mpa,
	},
	.icmp_err = bul_rx_icmp_err,
};
