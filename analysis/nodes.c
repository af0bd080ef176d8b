/* The mobile nodes of a capture by home address (nodes.h). A node's name
 * comes from its own capture, which holds its BUs; its station from the BUs
 * it sent on the air; its moves from the lines of events.log with its name. */
#include <stdlib.h>
#include <string.h>

#include "nodes.h"
#include "phase.h"
#include "vec.h"

const char *const nd_keys[ND__COUNT] = {
	[ND_REGISTRATION] = "registration_ms",
	[ND_BLACKOUT] = "blackout_ms",
	[ND_BU] = "bu_per_node",
};

size_t an_n_nodes(const struct analyzer *an)
{
	return an->nodes ? an->nodes->n : 0;
}

const struct an_node *an_node_at(const struct analyzer *an, size_t i)
{
	return &an->nodes->v[i];
}

static struct an_node *node_get(struct an_nodes *ns, const struct in6_addr *hoa, int point)
{
	struct hoa_slot *h = hoa_map_get(&ns->map, hoa);
	struct an_node *v;

	if (!h)
		return NULL;
	if (h->first != HOA_NONE)
		return &ns->v[h->first];
	v = an_grow(ns->v, &ns->cap, ns->n + 1, sizeof(*v));
	if (!v)
		return NULL;
	ns->v = v;
	v = &ns->v[ns->n];
	memset(v, 0, sizeof(*v));
	v->hoa = *hoa;
	v->own_point = v->ra_point = v->sta = -1;
	v->ex_point = point;
	v->seen = (uint32_t)ns->n;
	h->first = (uint32_t)ns->n++;
	return v;
}

static bool moving(const struct analyzer *an, const char *node)
{
	if (!strcmp(node, an->mn_node))
		return true;
	for (size_t i = 0; i < an->n_all_moves; i++)
		if (!strcmp(an->all_moves[i].node, node))
			return true;
	return false;
}

/* Points by preference, as the mobile node's handovers take them: its own
 * capture, the air, the rest. */
static int points(const struct analyzer *an, int out[AN_MAX_POINTS])
{
	int n = 0;

	for (int pass = 0; pass < 3; pass++)
		for (int i = 0; i < an->n_points; i++) {
			const struct point *p = &an->points[i];

			if (!p->skipped && (p->is_mn ? 0 : p->is_air ? 1 : 2) == pass)
				out[n++] = i;
		}
	return n;
}

static void count(const struct analyzer *an, struct an_node *nd)
{
	const struct point_state *ps = &an->ps[nd->ex_point];
	const struct hoa_slot *h = hoa_map_find(&ps->hoas, &nd->hoa);

	for (uint32_t i = h ? h->first : HOA_NONE; i != HOA_NONE; i = ps->ex[i].next_same) {
		const struct exchange *e = &ps->ex[i];

		nd->n_ex += 1 + e->folded;
		nd->n_bu += e->tx + e->folded_tx;
		nd->n_ba += e->n_ba + e->folded;
		nd->n_reg += e->kind == BK_REGISTRATION;
		nd->n_accepted += e->n_ba && e->status < 128;
	}
}

/* A node other than the mobile node: its own moves, no move windows. */
static void handovers(struct analyzer *an, struct an_node *nd)
{
	struct ho_subject sub = { .hoa = nd->hoa, .has_hoa = true, .ex_point = nd->ex_point,
				  .ra_point = nd->ra_point, .own_point = nd->own_point,
				  .sta = nd->sta };
	struct ev_move *mv = NULL;
	struct ho_list out = { 0 };
	size_t n = 0;

	if (nd->name[0] && an->n_all_moves) {
		mv = malloc(an->n_all_moves * sizeof(*mv));
		for (size_t i = 0; mv && i < an->n_all_moves; i++)
			if (!strcmp(an->all_moves[i].node, nd->name))
				mv[n++] = an->all_moves[i];
	}
	sub.moves = mv;
	sub.n_moves = n;
	an_ho_build(an, &sub, &out);
	free(mv);
	/* Lists start with room for 16: most nodes have one handover. */
	if (out.n && out.n < out.cap) {
		struct handover *fit = realloc(out.ho, out.n * sizeof(*out.ho));

		if (fit)
			out.ho = fit;
	}
	nd->ho = out.ho;
	nd->n_ho = out.n;
}

static int cmp_node(const void *a, const void *b)
{
	const struct an_node *x = a, *y = b;

	if (x->primary != y->primary)
		return x->primary ? -1 : 1;
	if (!x->name[0] != !y->name[0])
		return x->name[0] ? -1 : 1;
	if (x->name[0] && strverscmp(x->name, y->name))
		return strverscmp(x->name, y->name);
	return (x->seen > y->seen) - (x->seen < y->seen);
}

void an_nodes_build(struct analyzer *an)
{
	struct an_nodes *ns = calloc(1, sizeof(*ns));
	int ord[AN_MAX_POINTS], np = points(an, ord);
	struct in6_addr primary;
	bool has_primary = an->ref_point >= 0;

	if (!ns)
		return;
	an->nodes = ns;
	for (int k = 0; k < np; k++) {
		const struct point_state *ps = &an->ps[ord[k]];

		for (size_t i = 0; i < ps->n_ex; i++)
			if (!node_get(ns, &ps->ex[i].hoa, ord[k]))
				return;
	}
	/* A node's own capture holds its BUs: the first one names it. */
	for (int p = 0; p < an->n_points; p++) {
		const struct point *pt = &an->points[p];
		const struct point_state *ps = &an->ps[p];
		const struct hoa_slot *h;
		struct an_node *nd;

		if (pt->skipped || pt->is_air || !ps->n_ex || !moving(an, pt->node))
			continue;
		h = hoa_map_find(&ns->map, &ps->ex[0].hoa);
		nd = &ns->v[h->first];
		if (nd->name[0])
			continue;
		snprintf(nd->name, sizeof(nd->name), "%s", pt->node);
		nd->own_point = nd->ex_point = p;
		if (ps->n_ra || ps->n_dad)
			nd->ra_point = p;
	}
	if (has_primary)
		primary = an->ps[an->ref_point].ex[0].hoa;
	for (size_t i = 0; i < ns->n; i++) {
		struct an_node *nd = &ns->v[i];

		nd->primary = has_primary && !memcmp(&nd->hoa, &primary, sizeof(primary));
		nd->sta = an_sta_of(an, &nd->hoa);
		count(an, nd);
	}
	/* Sorting moves the nodes: the map is rebuilt after. */
	if (ns->n)
		qsort(ns->v, ns->n, sizeof(*ns->v), cmp_node);
	for (size_t i = 0; i < ns->n; i++) {
		struct an_node *nd = &ns->v[i];

		hoa_map_get(&ns->map, &nd->hoa)->first = (uint32_t)i;
		if (nd->primary) {
			nd->ho = an->ho;
			nd->n_ho = an->n_ho;
			if (!nd->name[0])
				snprintf(nd->name, sizeof(nd->name), "%s", an->mn_node);
		} else {
			handovers(an, nd);
		}
	}
}

void an_nodes_free(struct analyzer *an)
{
	struct an_nodes *ns = an->nodes;

	if (!ns)
		return;
	for (size_t i = 0; i < ns->n; i++)
		if (!ns->v[i].primary)
			free(ns->v[i].ho);
	free(ns->v);
	hoa_map_free(&ns->map);
	free(ns);
	an->nodes = NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void an_nodes_dist(const struct analyzer *an, int which, struct dist *d)
{
	size_t cap = 0, n = 0;
	double *v = NULL;

	memset(d, 0, sizeof(*d));
	for (size_t i = 0; i < an_n_nodes(an); i++) {
		const struct an_node *nd = an_node_at(an, i);

		if (which == ND_BU) {
			double *g = an_grow(v, &cap, n + 1, sizeof(*v));

			if (!g)
				break;
			v = g;
			v[n++] = (double)nd->n_bu;
			continue;
		}
		for (size_t k = 0; k < nd->n_ho; k++) {
			int64_t ns = phase_ns(&nd->ho[k], which == ND_REGISTRATION ? PH_REG : PH_BLACKOUT);
			double *g;

			if (ns == T_NONE) {
				d->missing++;
				continue;
			}
			g = an_grow(v, &cap, n + 1, sizeof(*v));
			if (!g)
				break;
			v = g;
			v[n++] = (double)ns / 1e6;
		}
	}
	if (n) {
		size_t r = (9 * n + 9) / 10;	/* ceil(0.9 n) */

		qsort(v, n, sizeof(*v), cmp_double);
		d->n = n;
		d->min = v[0];
		d->max = v[n - 1];
		d->median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
		d->p90 = v[r - 1];
	}
	free(v);
}
