/*
 * engine_print.c - the virtual terminal's listings of engine state.
 *
 * Field names follow the MIPL article's `bc` and `bul` output; one `bc` entry per line
 * of "key value" pairs and one `bul` block per entry so scripts can pick fields with awk.
 * Addresses are printed in RFC 5952 form (2001:db8::beef), not MIPL's uncompressed one.
 */
#include <inttypes.h>

#include "engine_int.h"
#include "log.h"

static uint64_t secs_left(uint64_t deadline, uint64_t now)
{
	return deadline > now ? (deadline - now + 999) / 1000 : 0;
}

static void flags_str(uint16_t f, char out[5])
{
	out[0] = (f & MH_BU_A) ? 'A' : '-';
	out[1] = (f & MH_BU_H) ? 'H' : '-';
	out[2] = (f & MH_BU_L) ? 'L' : '-';
	out[3] = (f & MH_BU_K) ? 'K' : '-';
	out[4] = '\0';
}

void engine_print_bc(const struct engine *e, FILE *out)
{
	uint64_t now = eng_now(e);
	uint32_t i;

	for (const struct binding *b = bcache_first(&e->bc, &i); b;
	     b = bcache_next(&e->bc, b, &i)) {
		char f[5];
		uint64_t left = b->state == BC_REGISTERED ? secs_left(b->expires, now) : 0;

		flags_str(b->r.flags, f);
		fprintf(out, "hoa %s status %s coa %s flags %s local %s lifetime %" PRIu64
			" / %u seq %u\n", log_in6(&b->r.hoa), bc_state_name(b->state),
			log_in6(&b->r.coa), f, log_in6(&b->r.ha_addr), left, b->r.lifetime, b->r.seq);
	}
	/* The correspondent's bindings (route optimization): no H flag, same fields. */
	for (const struct cn_binding *c = cn_binding_first(&e->cn, &i); c;
	     c = cn_binding_next(&e->cn, c, &i))
		fprintf(out, "hoa %s status registered coa %s flags ---- local %s lifetime %"
			PRIu64 " / %u seq %u\n", log_in6(&c->hoa), log_in6(&c->coa),
			log_in6(&c->local), secs_left(c->expires, now), c->lifetime, c->seq);
}

/* The correspondents of route optimization, in the layout of the home registration. */
static void print_ro(const struct engine *e, FILE *out, uint64_t now)
{
	for (unsigned i = 0; i < e->ro.n; i++) {
		const struct ro_entry *r = &e->ro.v[i];
		uint64_t timer_left = etimer_armed(&r->timer) && r->timer.when > now
					      ? r->timer.when - now : 0;

		if (IN6_IS_ADDR_UNSPECIFIED(&r->peer))
			continue;
		fprintf(out, "== BUL_ENTRY ==\n");
		fprintf(out, "Home address %s\n", log_in6(&e->bul.v[r->hl].hl->hoa));
		fprintf(out, "Care-of address %s\n", log_in6(&r->coa));
		fprintf(out, "CN address %s\n", log_in6(&r->peer));
		fprintf(out, " lifetime = %u, delay = %u\n", r->lifetime, r->backoff);
		fprintf(out, " flags: %s\n", e->conf->use_cn_bu_ack ? "IP6_MH_BU_ACK" : "");
		fprintf(out, " state %s rr home %s care-of %s direct %s\n",
			ro_state_name(r->state), r->have_home ? "ok" : "-",
			r->have_coa ? "ok" : "-", r->ro_on ? log_in6(&r->ro_coa) : "no");
		fprintf(out, " seq %u resend %u delay %" PRIu64 "(after %" PRIu64 "s)\n",
			r->seq, r->tries ? r->tries - 1 : 0, timer_left, (timer_left + 999) / 1000);
	}
}

void engine_print_bul(const struct engine *e, FILE *out)
{
	uint64_t now = eng_now(e);

	for (unsigned i = 0; i < e->bul.n; i++) {
		const struct bul_entry *be = &e->bul.v[i];
		const struct eng_iface *ifc = NULL;
		uint64_t timer_left = etimer_armed(&be->timer) && be->timer.when > now
					      ? be->timer.when - now : 0;

		for (unsigned k = 0; k < e->ifaces.n; k++)
			if (e->ifaces.v[k].ifindex && e->ifaces.v[k].ifindex == be->coa_ifindex)
				ifc = &e->ifaces.v[k];
		fprintf(out, "== BUL_ENTRY ==\n");
		fprintf(out, "Home address %s\n", log_in6(&be->hl->hoa));
		fprintf(out, "Care-of address %s\n", log_in6(&be->coa));
		fprintf(out, "CN address %s\n", log_in6(&be->ha));
		fprintf(out, " lifetime = %u, delay = %u\n", be->lifetime_req, be->backoff);
		fprintf(out, " flags: IP6_MH_BU_HOME IP6_MH_BU_ACK\n");
		fprintf(out, " state %s\n", bul_state_name(be->state));
		fprintf(out, " dev %s last_coa %s\n", ifc ? ifc->name : "-",
			log_in6(be->tunnel_set ? &be->tunnel_coa : &be->coa));
		fprintf(out, " lifetime %" PRIu64 " / %u seq %u resend %u delay %" PRIu64
			"(after %" PRIu64 "s) expires %" PRIu64 "\n",
			secs_left(be->expires, now), be->lifetime, be->seq, be->resends,
			timer_left, (timer_left + 999) / 1000, secs_left(be->expires, now));
		if (be->refresh)
			fprintf(out, " refresh advice %u\n", be->refresh);
	}
	print_ro(e, out, now);
}

void engine_print_stats(const struct engine *e, FILE *out)
{
	const struct eng_stats *s = &e->stats;

	fprintf(out, "role %s\n", e->conf->role == NODE_HA ? "HA" :
		e->conf->role == NODE_MN ? "MN" : "CN");
	fprintf(out, "bindings %u\n", e->bc.count);
	fprintf(out, "cn_bindings %u\n", e->cn.count);
	fprintf(out, "bul_entries %u\n", e->bul.n);
	fprintf(out, "bu_rx %" PRIu64 "\nbu_accepted %" PRIu64 "\nbu_rejected %" PRIu64 "\n",
		s->mh_rx[MH_BU], s->bu_accepted, s->bu_rejected);
	fprintf(out, "bu_tx %" PRIu64 "\nba_rx %" PRIu64 "\nba_tx %" PRIu64 "\n",
		s->bu_tx, s->mh_rx[MH_BA], s->ba_tx);
	for (unsigned st = 0; st < 256; st++)
		if (s->ba_status_tx[st])
			fprintf(out, "ba_tx_status_%u %" PRIu64 "\n", st, s->ba_status_tx[st]);
	fprintf(out, "be_rx %" PRIu64 "\nbe_tx %" PRIu64 "\n", s->mh_rx[MH_BE], s->be_tx);
	fprintf(out, "ra_rx %" PRIu64 "\nrs_tx %" PRIu64 "\nmh_unknown_rx %" PRIu64 "\n",
		s->ra_rx, s->rs_tx, s->mh_unknown_rx);
	fprintf(out, "expired %" PRIu64 "\ndad_failed %" PRIu64 "\nops_failed %" PRIu64 "\n",
		s->expired, s->dad_failed, s->ops_failed);
	fprintf(out, "bu_over_limit %" PRIu64 "\nbu_bad_coa %" PRIu64 "\nbu_acl_refused %"
		PRIu64 "\nerrors_rate_limited %" PRIu64 "\n", s->bu_over_limit, s->bu_bad_coa,
		s->bu_acl_refused, s->errors_rate_limited);
	fprintf(out, "pending_dad %u\n", e->quota.total[QUOTA_PENDING_DAD]);
	fprintf(out, "hoti_rx %" PRIu64 "\ncoti_rx %" PRIu64 "\nhot_rx %" PRIu64 "\ncot_rx %"
		PRIu64 "\n", s->mh_rx[MH_HOTI], s->mh_rx[MH_COTI], s->mh_rx[MH_HOT],
		s->mh_rx[MH_COT]);
	fprintf(out, "rr_bu_unauth %" PRIu64 "\nrr_bu_bad_auth %" PRIu64
		"\nrr_unknown_cookie %" PRIu64 "\nrr_ba_bad_auth %" PRIu64
		"\nro_fallbacks %" PRIu64 "\n", s->rr_bu_unauth, s->rr_bu_bad_auth,
		s->rr_unknown_cookie, s->rr_ba_bad_auth, s->ro_fallbacks);
	fprintf(out, "unprotected %" PRIu64 "\n", s->unprotected);
	fprintf(out, "dhaad_req_rx %" PRIu64 "\ndhaad_req_tx %" PRIu64 "\ndhaad_rep_rx %" PRIu64
		"\ndhaad_rep_tx %" PRIu64 "\n", s->icmp_rx[0], s->icmp_tx[0], s->icmp_rx[1],
		s->icmp_tx[1]);
	fprintf(out, "mps_rx %" PRIu64 "\nmps_tx %" PRIu64 "\nmpa_rx %" PRIu64 "\nmpa_tx %" PRIu64
		"\n", s->icmp_rx[2], s->icmp_tx[2], s->icmp_rx[3], s->icmp_tx[3]);
	fprintf(out, "dhaad_bad %" PRIu64 "\nmpd_bad %" PRIu64 "\nhal_bad %" PRIu64
		"\nicmp_err_rx %" PRIu64 "\nicmp_err_checks %" PRIu64 "\nha_failovers %" PRIu64
		"\n", s->dhaad_bad, s->mpd_bad, s->hal_bad, s->icmp_err_rx, s->icmp_err_checks,
		s->ha_failovers);
}

void engine_print_hal(const struct engine *e, FILE *out)
{
	uint64_t now = eng_now(e);
	const struct hal_entry *s[HAL_MAX];
	unsigned n = halist_sorted(&e->hal, s, HAL_MAX);

	for (unsigned i = 0; i < n; i++) {
		const struct eng_iface *ifc = NULL;

		for (unsigned k = 0; k < e->ifaces.n; k++)
			if (e->ifaces.v[k].ifindex == s[i]->ifindex)
				ifc = &e->ifaces.v[k];
		fprintf(out, "HA %s dev %s preference %d lifetime %" PRIu64 " global",
			log_in6(&s[i]->ll), ifc ? ifc->name : "-", s[i]->preference,
			secs_left(s[i]->expires, now));
		for (unsigned g = 0; g < s[i]->n_global; g++)
			fprintf(out, " %s", log_in6(&s[i]->global[g]));
		fprintf(out, "%s\n", s[i]->n_global ? "" : " -");
	}
	for (unsigned k = 0; k < e->hd.n_any; k++)
		fprintf(out, "anycast %s\n", log_in6(&e->hd.any[k].addr));
	for (unsigned i = 0; i < e->bul.n; i++) {
		const struct bul_entry *be = &e->bul.v[i];

		fprintf(out, "home %s agent %s (%s)%s\n", log_in6(&be->hl->hoa), log_in6(&be->ha),
			be->dynamic ? "discovered" : "configured",
			be->dhaad_pending ? " discovering" : "");
		for (unsigned h = 0; h < be->n_has; h++)
			fprintf(out, " %s%s\n", log_in6(&be->has[h]),
				be->dynamic && h == be->ha_idx && !IN6_IS_ADDR_UNSPECIFIED(&be->ha)
					? " (in use)" : "");
	}
}

void engine_each_binding(const struct engine *e, engine_binding_fn fn, void *ctx)
{
	uint32_t i;

	for (const struct binding *b = bcache_first(&e->bc, &i); b;
	     b = bcache_next(&e->bc, b, &i))
		if (b->state == BC_REGISTERED)
			fn(&b->r.hoa, &b->r.coa, &b->r.ha_addr, ctx);
}
