/* proposal.c - how the roles hand their decisions to the applier (struct engine_ops):
 * messages out, timers, and the log line of a proposal that failed. */
#include <string.h>

#include "engine_int.h"
#include "log.h"

void eng_arm(struct engine *e, struct etimer *t, uint64_t when)
{
	/* Only the heap's growth can fail; without a timer the state machine would stall. */
	if (theap_arm(&e->timers, t, when) < 0)
		fatalx("out of memory arming a timer");
}

int eng_op_result(struct engine *e, const char *what, int rc)
{
	if (rc < 0) {
		e->stats.ops_failed++;
		log_warnx("%s failed: %s", what, strerror(-rc));
	} else {
		log_debug("%s: ok", what);
	}
	return rc;
}

int eng_send_mh(struct engine *e, const struct eng_tx *tx, const struct mh_msg *m)
{
	static const char *const what[] = {
		[MH_BRR] = "send BRR", [MH_HOTI] = "send HoTI", [MH_COTI] = "send CoTI",
		[MH_HOT] = "send HoT", [MH_COT] = "send CoT", [MH_BU] = "send BU",
		[MH_BA] = "send BA", [MH_BE] = "send BE",
	};

	switch (m->type) {
	case MH_BU:
		e->stats.bu_tx++;
		break;
	case MH_BA:
		e->stats.ba_tx++;
		e->stats.ba_status_tx[m->ba.status]++;
		break;
	case MH_BE:
		e->stats.be_tx++;
		break;
	}
	return eng_op_result(e, m->type <= MH_TYPE_MAX ? what[m->type] : "send MH",
			     e->ops->send_mh(e->ops_ctx, tx, m));
}

int eng_send_ba(struct engine *e, const struct eng_tx *tx, uint8_t status, uint16_t seq,
		uint32_t lifetime, uint32_t refresh)
{
	struct mh_msg m;

	mh_ba_init(&m, status, seq, lifetime, refresh);
	return eng_send_mh(e, tx, &m);
}

void eng_tx_reply(const struct eng_rx *rx, struct eng_tx *tx)
{
	memset(tx, 0, sizeof(*tx));
	tx->ifindex = rx->ifindex;
	tx->src = rx->dst;
	tx->dst = rx->src;
	if (rx->has_hao) {
		tx->with_rh2 = true;
		tx->rh2 = rx->hao;
	}
}
