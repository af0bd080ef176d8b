/* proposal.c - how the roles hand their decisions to the applier (struct engine_ops):
 * messages out, timers, and the log line of a proposal that failed. */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "engine_int.h"
#include "log.h"

void eng_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	/* Blocking: a secret must not come from a pool not yet seeded (a VM's first
	 * second); the kernel seeds it within moments of boot. */
	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fatal("getrandom");
		}
		p += n;
		len -= (size_t)n;
	}
}

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

/* Binding Errors and refusing BAs answer whoever sends us packets, addresses forged
 * or not: RFC 6275 §9.3.3 wants them rate-limited, as ICMP errors are. A token bucket
 * for the node: ERR_RATE a second, bursts of ERR_BURST (the bucket starts empty at
 * time 0 of the monotonic clock, so it is full at the first use). */
#define ERR_RATE 50u
#define ERR_BURST 50u

static bool error_allowed(struct engine *e)
{
	uint64_t now = eng_now(e), earned;

	earned = (now - e->err_bucket.at) * ERR_RATE / 1000;
	if (earned) {
		e->err_bucket.tokens = e->err_bucket.tokens + earned > ERR_BURST
					       ? ERR_BURST : e->err_bucket.tokens + (uint32_t)earned;
		e->err_bucket.at = now;
	}
	if (!e->err_bucket.tokens) {
		e->stats.errors_rate_limited++;
		return false;
	}
	e->err_bucket.tokens--;
	return true;
}

int eng_send_mh(struct engine *e, const struct eng_tx *tx, const struct mh_msg *m)
{
	static const char *const what[] = {
		[MH_BRR] = "send BRR", [MH_HOTI] = "send HoTI", [MH_COTI] = "send CoTI",
		[MH_HOT] = "send HoT", [MH_COT] = "send CoT", [MH_BU] = "send BU",
		[MH_BA] = "send BA", [MH_BE] = "send BE",
	};

	if ((m->type == MH_BE || (m->type == MH_BA && m->ba.status >= 128)) &&
	    !error_allowed(e)) {
		log_debug("%s to %s not sent: over the rate of error messages",
			  mh_type_name(m->type), log_in6(&tx->dst));
		return 0;
	}
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
