/* recorder.h - test double for struct engine_ops: every proposal is recorded as one text
 * line ("send_ba src=... dst=... status=0 ...") so tests assert on what the engine asked
 * for, in order. Plus a fake monotonic clock. Test code only. */
#ifndef TESTS_DAEMON_RECORDER_H
#define TESTS_DAEMON_RECORDER_H

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"

/* Each test uses a different subset of the helpers below. */
#pragma GCC diagnostic ignored "-Wunused-function"

#define REC_MAX 256
#define REC_LEN 256

static char rec[REC_MAX][REC_LEN];
static unsigned rec_n;
static int rec_fail_next;     /* -errno returned by the next op, then reset */
static uint64_t fake_now = 1000000;

static uint64_t fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static const char *a6(const struct in6_addr *a)
{
	static char b[8][INET6_ADDRSTRLEN];
	static unsigned i;
	char *s = b[i++ % 8];

	inet_ntop(AF_INET6, a, s, INET6_ADDRSTRLEN);
	return s;
}

static struct in6_addr A(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		memset(&a, 0xee, sizeof(a));
	return a;
}

static int rec_add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int rec_add(const char *fmt, ...)
{
	va_list ap;
	int rc = rec_fail_next;

	rec_fail_next = 0;
	if (rec_n < REC_MAX) {
		va_start(ap, fmt);
		vsnprintf(rec[rec_n++], REC_LEN, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static void rec_clear(void)
{
	rec_n = 0;
}

/* Index of the first record starting with prefix, or -1. */
static int rec_find(const char *prefix)
{
	for (unsigned i = 0; i < rec_n; i++)
		if (!strncmp(rec[i], prefix, strlen(prefix)))
			return (int)i;
	return -1;
}

static unsigned rec_count(const char *prefix)
{
	unsigned n = 0;

	for (unsigned i = 0; i < rec_n; i++)
		if (!strncmp(rec[i], prefix, strlen(prefix)))
			n++;
	return n;
}

static void rec_dump(void)
{
	for (unsigned i = 0; i < rec_n; i++)
		fprintf(stderr, "  rec[%u] %s\n", i, rec[i]);
}

static const char *tx_str(const struct eng_tx *tx)
{
	static char b[256];

	char via[32] = "";

	if (tx->via_lladdr)
		snprintf(via, sizeof(via), " via=%02x:%02x:%02x:%02x:%02x:%02x", tx->lladdr[0],
			 tx->lladdr[1], tx->lladdr[2], tx->lladdr[3], tx->lladdr[4], tx->lladdr[5]);
	snprintf(b, sizeof(b), "src=%s dst=%s%s%s%s%s%s%s", a6(&tx->src), a6(&tx->dst),
		 tx->with_hao ? " hao=" : "", tx->with_hao ? a6(&tx->hao) : "",
		 tx->with_rh2 ? " rh2=" : "", tx->with_rh2 ? a6(&tx->rh2) : "", via,
		 tx->protected ? " esp" : "");
	return b;
}

static int r_send_mh(void *ctx, const struct eng_tx *tx, const struct mh_msg *m)
{
	(void)ctx;
	switch (m->type) {
	case MH_BU:
		return rec_add("send_bu %s seq=%u life=%u flags=%02x", tx_str(tx), m->bu.seq,
			       mh_units_to_sec(m->bu.lifetime_units), m->bu.flags >> 8);
	case MH_BA:
		if (m->opts.has_bra)
			return rec_add("send_ba %s status=%u seq=%u life=%u refresh=%u", tx_str(tx),
				       m->ba.status, m->ba.seq,
				       mh_units_to_sec(m->ba.lifetime_units),
				       mh_units_to_sec(m->opts.refresh_units));
		return rec_add("send_ba %s status=%u seq=%u life=%u", tx_str(tx), m->ba.status,
			       m->ba.seq, mh_units_to_sec(m->ba.lifetime_units));
	case MH_BE:
		return rec_add("send_be %s status=%u hoa=%s", tx_str(tx), m->be.status,
			       a6(&m->be.home_addr));
	default:
		return rec_add("send_mh %s type=%u", tx_str(tx), m->type);
	}
}

static int r_tunnel_add(void *ctx, const struct eng_ha_tunnel *t)
{
	(void)ctx;
	return rec_add("ha_tunnel_add hoa=%s ha=%s coa=%s", a6(&t->hoa), a6(&t->ha_addr),
		       a6(&t->coa));
}

static int r_tunnel_del(void *ctx, const struct eng_ha_tunnel *t)
{
	(void)ctx;
	return rec_add("ha_tunnel_del hoa=%s ha=%s coa=%s%s%s", a6(&t->hoa), a6(&t->ha_addr),
		       a6(&t->coa), t->moved ? " moved" : "", t->coa_kept ? " coa-kept" : "");
}

static int r_proxy_add(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	(void)ctx;
	return rec_add("proxy_nd_add if=%d hoa=%s", ifindex, a6(hoa));
}

static int r_proxy_del(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	(void)ctx;
	return rec_add("proxy_nd_del if=%d hoa=%s", ifindex, a6(hoa));
}

static int r_dad_start(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	(void)ctx;
	return rec_add("ha_dad_start if=%d hoa=%s", ifindex, a6(hoa));
}

static int r_dad_stop(void *ctx, int ifindex, const struct in6_addr *hoa)
{
	(void)ctx;
	return rec_add("ha_dad_stop if=%d hoa=%s", ifindex, a6(hoa));
}

static int r_send_rs(void *ctx, int ifindex)
{
	(void)ctx;
	return rec_add("mn_send_rs if=%d", ifindex);
}

static int r_mn_set(void *ctx, const struct eng_mn_tunnel *t)
{
	(void)ctx;
	return rec_add("mn_tunnel_set hoa=%s/%u home_if=%d ha=%s coa=%s coa_if=%d%s", a6(&t->hoa),
		       t->hoa_plen, t->home_ifindex, a6(&t->ha), a6(&t->coa), t->coa_ifindex,
		       t->reverse ? " reverse" : "");
}

static int r_mn_prepare(void *ctx, const struct eng_mn_tunnel *t)
{
	(void)ctx;
	return rec_add("mn_prepare hoa=%s/%u home_if=%d coa=%s coa_if=%d", a6(&t->hoa),
		       t->hoa_plen, t->home_ifindex, a6(&t->coa), t->coa_ifindex);
}

static int r_mn_clear(void *ctx, const struct eng_mn_tunnel *t)
{
	(void)ctx;
	return rec_add("mn_tunnel_clear hoa=%s/%u home_if=%d", a6(&t->hoa), t->hoa_plen,
		       t->home_ifindex);
}

static int r_mn_announce(void *ctx, int ifindex, const struct in6_addr *addr)
{
	(void)ctx;
	return rec_add("mn_announce if=%d addr=%s", ifindex, a6(addr));
}

static int r_ro_set(void *ctx, const struct eng_ro *r)
{
	(void)ctx;
	return rec_add("%s %s hoa=%s coa=%s peer=%s", r->accept_only ? "ro_accept" : "ro_set",
		       r->mn ? "mn" : "cn", a6(&r->hoa), a6(&r->coa), a6(&r->peer));
}

static int r_ro_del(void *ctx, const struct eng_ro *r)
{
	(void)ctx;
	return rec_add("ro_del %s hoa=%s peer=%s", r->mn ? "mn" : "cn", a6(&r->hoa),
		       a6(&r->peer));
}

static int r_send_icmp(void *ctx, const struct eng_tx *tx, const struct dhaad_msg *m)
{
	char list[200] = "";
	size_t n = 0;

	(void)ctx;
	for (unsigned i = 0; i < m->n_addr && n < sizeof(list); i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? "," : " addrs=",
				      a6(&m->addr[i]));
	for (unsigned i = 0; i < m->n_prefix && n < sizeof(list); i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s/%u:%u:%u",
				      i ? "," : " prefixes=", a6(&m->prefix[i].prefix),
				      m->prefix[i].len, m->prefix[i].valid, m->prefix[i].preferred);
	return rec_add("send_icmp type=%u id=%u %s%s", m->type, m->id, tx_str(tx), list);
}

/* Anycast joins follow every address event of a home agent: recorded only for the
 * tests that look at them. */
static bool rec_anycast;

static int r_anycast(void *ctx, int ifindex, const struct in6_addr *addr, bool join)
{
	(void)ctx;
	if (!rec_anycast)
		return 0;
	return rec_add("anycast_%s if=%d addr=%s", join ? "join" : "leave", ifindex, a6(addr));
}

static int r_mn_probe(void *ctx, const struct in6_addr *hoa, const struct in6_addr *ha)
{
	(void)ctx;
	return rec_add("mn_probe hoa=%s ha=%s", a6(hoa), a6(ha));
}

static const struct engine_ops recorder_ops = {
	.send_mh = r_send_mh,
	.ha_tunnel_add = r_tunnel_add, .ha_tunnel_del = r_tunnel_del,
	.proxy_nd_add = r_proxy_add, .proxy_nd_del = r_proxy_del,
	.ha_dad_start = r_dad_start, .ha_dad_stop = r_dad_stop,
	.mn_send_rs = r_send_rs, .mn_prepare = r_mn_prepare, .mn_tunnel_set = r_mn_set,
	.mn_tunnel_clear = r_mn_clear, .mn_announce = r_mn_announce,
	.ro_set = r_ro_set, .ro_del = r_ro_del,
	.send_icmp = r_send_icmp, .anycast = r_anycast, .mn_probe = r_mn_probe,
};

/* An RA from router on ifindex with one on-link, autoconfiguration prefix (/64, a day
 * valid, four hours preferred). */
static void rx_ra_prefix(struct engine *e, int ifindex, const char *router, const char *prefix)
{
	struct eng_ra m = { .ifindex = ifindex, .src = A(router), .router_lifetime = 1800,
			    .n_prefixes = 1 };

	m.prefixes[0].prefix = A(prefix);
	m.prefixes[0].plen = 64;
	m.prefixes[0].flags = ENG_PI_ONLINK | ENG_PI_AUTO;
	m.prefixes[0].valid = 86400;
	m.prefixes[0].preferred = 14400;
	engine_rx_ra(e, &m);
}

/* Messages in, as the I/O side hands them to the engine (lifetimes in seconds). */
static void rx_bu(struct engine *e, const struct eng_rx *rx, uint16_t seq, uint32_t life,
		  uint16_t flags, const struct in6_addr *alt_coa)
{
	struct mh_msg m;

	mh_bu_init(&m, seq, flags, life);
	if (alt_coa) {
		m.opts.has_alt_coa = true;
		m.opts.alt_coa = *alt_coa;
	}
	engine_rx_mh(e, rx, &m);
}

static void rx_ba(struct engine *e, const struct eng_rx *rx, uint8_t status, uint16_t seq,
		  uint32_t life, uint32_t refresh)
{
	struct mh_msg m;

	mh_ba_init(&m, status, seq, life, refresh);
	engine_rx_mh(e, rx, &m);
}

static void rx_be(struct engine *e, const struct eng_rx *rx, uint8_t status,
		  const struct in6_addr *hoa)
{
	struct mh_msg m = { .type = MH_BE };

	m.be.status = status;
	if (hoa)
		m.be.home_addr = *hoa;
	engine_rx_mh(e, rx, &m);
}

/* Advances the fake clock to t, ticking the engine at every deadline on the way. */
static void advance_to(struct engine *e, uint64_t t)
{
	for (;;) {
		uint64_t d = engine_next_deadline(e);

		if (d > t)
			break;
		if (d > fake_now)
			fake_now = d;
		engine_tick(e);
	}
	fake_now = t;
}

#endif
