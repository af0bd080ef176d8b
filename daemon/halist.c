/* halist.c - the home agents list (RFC 6275 §10.5.1), on the engine's timer heap. */
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"
#include "halist.h"
#include "log.h"

static void hal_expired(struct etimer *t, void *ctx)
{
	struct engine *e = ctx;
	struct hal_entry *h = container_of(t, struct hal_entry, timer);

	log_info("hal: home agent %s on %d expired", log_in6(&h->ll), h->ifindex);
	h->used = false;
	(void)e;
}

static struct hal_entry *find(struct halist *l, int ifindex, const struct in6_addr *ll)
{
	for (unsigned i = 0; i < HAL_MAX; i++)
		if (l->v[i].used && l->v[i].ifindex == ifindex &&
		    IN6_ARE_ADDR_EQUAL(&l->v[i].ll, ll))
			return &l->v[i];
	return NULL;
}

static void take_globals(struct hal_entry *h, const struct eng_ra *ra)
{
	h->n_global = 0;
	for (unsigned i = 0; i < ra->n_prefixes && h->n_global < HAL_MAX_GLOBAL; i++) {
		const struct eng_prefix *p = &ra->prefixes[i];

		/* §7.2: with R the prefix field is the router's whole global address. */
		if (!(p->flags & ENG_PI_RADDR) || IN6_IS_ADDR_LINKLOCAL(&p->prefix) ||
		    IN6_IS_ADDR_MULTICAST(&p->prefix) || IN6_IS_ADDR_UNSPECIFIED(&p->prefix))
			continue;
		h->global[h->n_global++] = p->prefix;
	}
}

int halist_heard(struct engine *e, struct halist *l, const struct eng_ra *ra)
{
	struct hal_entry *h = find(l, ra->ifindex, &ra->src);
	uint16_t life = ra->has_ha_info ? ra->ha_lifetime : ra->router_lifetime;

	if (!ra->home_agent)
		return 0;
	if (life == 0) {
		/* §10.5.1: a lifetime of zero takes the home agent off the list. */
		if (h) {
			theap_disarm(&e->timers, &h->timer);
			h->used = false;
			log_info("hal: home agent %s on %d left (lifetime 0)", log_in6(&ra->src),
				 ra->ifindex);
		}
		return 0;
	}
	if (!h) {
		for (unsigned i = 0; i < HAL_MAX && !h; i++)
			if (!l->v[i].used)
				h = &l->v[i];
		if (!h)
			return -1;
		memset(h, 0, sizeof(*h));
		h->used = true;
		h->ifindex = ra->ifindex;
		h->ll = ra->src;
		h->timer.fire = hal_expired;
		take_globals(h, ra);
		log_info("hal: home agent %s on %d: %s preference %d lifetime %u",
			 log_in6(&ra->src), ra->ifindex,
			 h->n_global ? log_in6(&h->global[0]) : "(no global address yet)",
			 ra->has_ha_info ? ra->ha_preference : 0, life);
	} else {
		struct hal_entry was = *h;

		take_globals(h, ra);
		/* An RA without an R prefix (radvd may split them) keeps what we knew. */
		if (!h->n_global) {
			h->n_global = was.n_global;
			memcpy(h->global, was.global, sizeof(h->global));
		}
	}
	h->preference = ra->has_ha_info ? ra->ha_preference : 0;
	h->expires = eng_now(e) + (uint64_t)life * 1000;
	eng_arm(e, &h->timer, h->expires);
	return 0;
}

void halist_stop(struct engine *e, struct halist *l)
{
	for (unsigned i = 0; i < HAL_MAX; i++) {
		theap_disarm(&e->timers, &l->v[i].timer);
		l->v[i].used = false;
	}
}

static int cmp_entry(const void *a, const void *b)
{
	const struct hal_entry *x = *(const struct hal_entry *const *)a;
	const struct hal_entry *y = *(const struct hal_entry *const *)b;

	if (x->preference != y->preference)
		return x->preference > y->preference ? -1 : 1;
	if (x->ifindex != y->ifindex)
		return x->ifindex < y->ifindex ? -1 : 1;
	return memcmp(&x->ll, &y->ll, sizeof(x->ll));
}

unsigned halist_sorted(const struct halist *l, const struct hal_entry **out, unsigned max)
{
	unsigned n = 0;

	for (unsigned i = 0; i < HAL_MAX && n < max; i++)
		if (l->v[i].used)
			out[n++] = &l->v[i];
	qsort(out, n, sizeof(*out), cmp_entry);
	return n;
}

unsigned halist_addrs(const struct halist *l, int ifindex, const struct in6_addr *prefix,
		      uint8_t plen, struct in6_addr *out, unsigned max)
{
	const struct hal_entry *s[HAL_MAX];
	unsigned n = halist_sorted(l, s, HAL_MAX), k = 0;

	/* Equal preferences in random order: a Fisher-Yates pass over each run. */
	for (unsigned i = 0; i < n;) {
		unsigned j = i;
		uint32_t r;

		while (j < n && s[j]->preference == s[i]->preference)
			j++;
		for (unsigned m = j - 1; m > i; m--) {
			const struct hal_entry *t;

			eng_random(&r, sizeof(r));
			t = s[m];
			s[m] = s[i + r % (m - i + 1)];
			s[i + r % (m - i + 1)] = t;
		}
		i = j;
	}
	for (unsigned i = 0; i < n && k < max; i++) {
		if (s[i]->ifindex != ifindex)
			continue;
		for (unsigned g = 0; g < s[i]->n_global && k < max; g++)
			if (in6_prefix_match(&s[i]->global[g], prefix, plen)) {
				out[k++] = s[i]->global[g];
				break;  /* one address per home agent */
			}
	}
	return k;
}
