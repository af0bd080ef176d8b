/* Binding hijack (hijack.h): the pairs as the stream goes, the verdict
 * after it. Which care-of addresses a mobile node used comes from what it
 * sent itself: its own capture (the node of the home address, nodes.c), and
 * on the air the BUs of its station. Its station is the one whose BUs its
 * own capture also shows, or that ESP protected (an attacker has no keys);
 * without either, the first station that sent a BU for the home address. */
#include <stdlib.h>
#include <string.h>

#include "hijack.h"
#include "nodes.h"
#include "vec.h"

static bool addr_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static struct hj_state *state(struct analyzer *an)
{
	if (!an->hj)
		an->hj = calloc(1, sizeof(*an->hj));
	return an->hj;
}

static struct hj_pair *pair_get(struct analyzer *an, const struct in6_addr *hoa,
				const struct in6_addr *coa, const struct in6_addr *ha)
{
	struct hj_state *hs = state(an);
	struct hoa_slot *h;
	struct hj_pair *p;

	if (!hs || !(h = hoa_map_get(&hs->by_coa, coa)))
		return NULL;
	for (uint32_t i = h->first; i != HOA_NONE; i = hs->v[i].next_coa)
		if (addr_eq(&hs->v[i].hoa, hoa))
			return &hs->v[i];
	if (hs->n >= AN_MAX_EXCHANGES) {
		hs->dropped++;
		return NULL;
	}
	p = an_grow(hs->v, &hs->cap, hs->n + 1, sizeof(*p));
	if (!p)
		return NULL;
	hs->v = p;
	p = &hs->v[hs->n];
	memset(p, 0, sizeof(*p));
	p->hoa = *hoa;
	p->coa = *coa;
	p->ha = *ha;
	p->t_bu = p->t_air = p->t_ba = T_NONE;
	p->first_sta = -1;
	p->next_coa = HOA_NONE;
	if (h->last == HOA_NONE)
		h->first = (uint32_t)hs->n;
	else
		hs->v[h->last].next_coa = (uint32_t)hs->n;
	h->last = (uint32_t)hs->n++;
	return p;
}

void hj_bu(struct analyzer *an, int point, ts_t t, const struct in6_addr *hoa,
	   const struct in6_addr *coa, const struct in6_addr *ha, uint16_t seq, bool esp)
{
	struct hj_pair *p;

	if (addr_eq(hoa, coa) || !(p = pair_get(an, hoa, coa, ha)))
		return;
	p->bu_points |= 1ULL << point;
	if (p->t_bu == T_NONE)
		p->t_bu = t;
	if (an->points[point].is_air && an->cur_sta >= 0) {
		p->bu_stas |= 1U << an->cur_sta;
		if (p->t_air == T_NONE) {
			p->t_air = t;
			p->first_sta = an->cur_sta;
		}
	}
	/* Each BU carries a new number (RFC 6275 §11.8): one seen at several
	 * points counts once. */
	for (unsigned i = 0; i < p->n_seqs; i++)
		if (p->seqs[i] == seq)
			return;
	p->seqs[p->next_seq] = seq;
	p->next_seq = (uint8_t)((p->next_seq + 1) % HJ_SEQS);
	if (p->n_seqs < HJ_SEQS)
		p->n_seqs++;
	p->bus++;
	p->plain_bus += !esp;
}

void hj_ba(struct analyzer *an, int point, ts_t t, const struct in6_addr *hoa, const struct in6_addr *coa,
	   const struct in6_addr *ha)
{
	struct hj_pair *p;

	if (addr_eq(hoa, coa) || !(p = pair_get(an, hoa, coa, ha)))
		return;
	p->ba_points |= 1ULL << point;
	if (p->t_ba == T_NONE)
		p->t_ba = t;
}

void hj_tunnel(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
	       const struct in6_addr *dst, uint8_t proto)
{
	struct hj_state *hs = an->hj;
	const struct hoa_slot *h;

	/* Data only: a tunnelled HoT is signalling. */
	if (!hs || proto == IPPROTO_MH || !(h = hoa_map_find(&hs->by_coa, dst)))
		return;
	for (uint32_t i = h->first; i != HOA_NONE; i = hs->v[i].next_coa) {
		struct hj_pair *p = &hs->v[i];

		if (p->t_ba == T_NONE || t < p->t_ba || !addr_eq(&p->ha, src))
			continue;
		if (!p->tun && !(p->tun = calloc(AN_MAX_POINTS, sizeof(*p->tun))))
			continue;
		p->tun[point]++;
	}
}

/* The points of the node with home address hoa: the mobile node's for its
 * own, else those named like the node nodes.c found for it. */
static uint64_t own_points(const struct analyzer *an, const struct in6_addr *hoa)
{
	const struct an_nodes *ns = an->nodes;
	const struct hoa_slot *h = ns ? hoa_map_find(&ns->map, hoa) : NULL;
	const struct an_node *nd = h ? &ns->v[h->first] : NULL;
	const char *name = !nd ? NULL : nd->primary ? an->mn_node : nd->name;
	uint64_t m = 0;

	for (int i = 0; name && name[0] && i < an->n_points; i++) {
		const struct point *pt = &an->points[i];

		if (!pt->is_air && !pt->skipped && !strcmp(pt->node, name))
			m |= 1ULL << i;
	}
	return m;
}

static void add_out(struct hj_state *hs, const struct hj_pair *p)
{
	struct hj_binding *b = an_grow(hs->out, &hs->cap_out, hs->n_out + 1, sizeof(*b));

	if (!b)
		return;
	hs->out = b;
	b = &hs->out[hs->n_out++];
	b->p = p;
	b->accepted = p->t_ba != T_NONE;
	b->bu_protected = p->bus && !p->plain_bus;
	b->packets = 0;
	for (int i = 0; p->tun && i < AN_MAX_POINTS; i++)
		if (p->tun[i] > b->packets)
			b->packets = p->tun[i];
	hs->n_hijacked += b->accepted;
}

/* A BU from the node's own capture or its station, or a BA its own capture
 * received: the mobile node had that care-of address. */
static bool used(const struct hj_pair *p, uint64_t own, uint32_t stas)
{
	return (p->bu_points & own) || (p->ba_points & own) || (p->bu_stas & stas);
}

/* One home address: its pairs are list[0..n). */
static void judge(struct analyzer *an, struct hj_pair **list, size_t n)
{
	struct hj_state *hs = an->hj;
	uint64_t own = own_points(an, &list[0]->hoa);
	uint32_t stas = 0;
	bool basis = false, protected = false, own_bu = false;
	const struct hj_pair *first_air = NULL;
	uint64_t plain = 0;

	for (size_t i = 0; i < n; i++) {
		const struct hj_pair *p = list[i];

		own_bu |= (p->bu_points & own) != 0;
		if ((p->bu_points & own) || p->bus > p->plain_bus)
			stas |= p->bu_stas;
		if (p->t_air != T_NONE && (!first_air || p->t_air < first_air->t_air))
			first_air = p;
		protected |= p->bus > p->plain_bus;
		plain += p->plain_bus;
	}
	if (!stas && !own_bu && first_air)
		stas = 1U << first_air->first_sta;
	for (size_t i = 0; i < n; i++)
		basis |= used(list[i], own, stas);
	if (protected)
		hs->unprotected_bu += plain;
	if (!basis)
		return;
	hs->n_checked++;
	for (size_t i = 0; i < n; i++) {
		const struct hj_pair *p = list[i];

		if (!used(p, own, stas))
			add_out(hs, p);
	}
}

static int cmp_pair(const void *a, const void *b)
{
	const struct hj_pair *x = *(const struct hj_pair *const *)a, *y = *(const struct hj_pair *const *)b;
	int c = memcmp(&x->hoa, &y->hoa, sizeof(x->hoa));

	if (c)
		return c;
	return (x > y) - (x < y);	/* creation order within a home address */
}

void hj_finish(struct analyzer *an)
{
	struct hj_state *hs = an->hj;
	struct hj_pair **v;
	size_t i, j;

	if (!hs || !hs->n || !(v = malloc(hs->n * sizeof(*v))))
		return;
	for (i = 0; i < hs->n; i++)
		v[i] = &hs->v[i];
	qsort(v, hs->n, sizeof(*v), cmp_pair);
	for (i = 0; i < hs->n; i = j) {
		for (j = i + 1; j < hs->n && addr_eq(&v[j]->hoa, &v[i]->hoa); j++)
			;
		judge(an, v + i, j - i);
	}
	free(v);
}

void hj_free(struct analyzer *an)
{
	struct hj_state *hs = an->hj;

	if (!hs)
		return;
	for (size_t i = 0; i < hs->n; i++)
		free(hs->v[i].tun);
	free(hs->v);
	free(hs->out);
	hoa_map_free(&hs->by_coa);
	free(hs);
	an->hj = NULL;
}
