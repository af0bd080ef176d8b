/* Every mobile node of a capture, told apart by home address: its binding
 * exchanges, its station on the air, its own capture and its handovers;
 * and the distribution of their figures across nodes. */
#ifndef MIP6_AN_NODES_H
#define MIP6_AN_NODES_H

#include "an.h"

struct an_node {
	struct in6_addr hoa;
	char name[32];		/* the node of its own capture (NODE-IFACE.pcap), "" */
	bool primary;		/* the mobile node of the report's handovers */
	int own_point, ex_point, ra_point, sta;	/* -1: none */
	uint32_t n_ex, n_reg, n_accepted;	/* exchanges; registrations; accepted */
	uint64_t n_bu, n_ba;	/* at ex_point */
	struct handover *ho;	/* the primary's are an->ho, not owned here */
	size_t n_ho;
	uint32_t seen;		/* order of discovery, for a stable sort */
};

struct an_nodes {
	struct an_node *v;
	size_t n, cap;
	struct hoa_map map;	/* home address -> index in v (first) */
};

/* After an_handovers. */
void an_nodes_build(struct analyzer *an);
void an_nodes_free(struct analyzer *an);
size_t an_n_nodes(const struct analyzer *an);
const struct an_node *an_node_at(const struct analyzer *an, size_t i);

/* A figure's distribution across nodes: nearest-rank p90, median of the
 * middle two; n = 0 when nothing was observed. */
struct dist {
	size_t n, missing;
	double min, median, p90, max;
};

enum { ND_REGISTRATION, ND_BLACKOUT, ND_BU, ND__COUNT };
extern const char *const nd_keys[ND__COUNT];
void an_nodes_dist(const struct analyzer *an, int which, struct dist *d);

/* report_nodes.c */
void report_nodes_text_head(const struct analyzer *an, FILE *f);	/* the distributions */
void report_nodes_text(const struct analyzer *an, FILE *f);	/* the table, each node's blackouts */
void report_nodes_json(const struct analyzer *an, FILE *f);	/* "nodes", "nodes_summary" */
void report_csv_nodes(const struct analyzer *an, FILE *f);

#endif
