/* The phases of one handover (docs/metrics.md), shared by every report. */
#ifndef MIP6_AN_PHASE_H
#define MIP6_AN_PHASE_H

#include "an.h"

enum { PH_L2, PH_MD, PH_ADDR, PH_REG, PH_RESUME, PH_BLACKOUT, PH__COUNT };

struct phase_def {
	const char *key;	/* JSON / CSV name */
	const char *label;	/* text report */
};

extern const struct phase_def phase_defs[PH__COUNT];

/* Duration of phase ph in ns, or T_NONE when an end is not observed. */
static inline int64_t phase_ns(const struct handover *h, int ph)
{
	ts_t a = T_NONE, b = T_NONE;

	switch (ph) {
	case PH_L2: a = h->leave; b = h->join; break;
	case PH_MD: a = h->join; b = h->t_ra; break;
	case PH_ADDR: a = h->t_ra; b = h->t_bu; break;
	case PH_REG: a = h->t_bu; b = h->t_ba; break;
	case PH_RESUME: a = h->t_ba; b = h->t_resume; break;
	case PH_BLACKOUT: a = h->last_before; b = h->t_resume; break;
	}
	return a == T_NONE || b == T_NONE ? T_NONE : b - a;
}

/* The handover's timeline points, in the order of docs/metrics.md. */
enum { TP_MOVE, TP_LEAVE, TP_JOIN, TP_RA, TP_DAD, TP_BU, TP_BA, TP_LAST, TP_OFFERED, TP_RESUME,
       TP_REPLY, TP__COUNT };

struct tp_def {
	const char *key;
	const char *label;
};

extern const struct tp_def tp_defs[TP__COUNT];

static inline ts_t tp_time(const struct handover *h, int tp)
{
	switch (tp) {
	case TP_MOVE: return h->t_move;
	case TP_LEAVE: return h->leave;
	case TP_JOIN: return h->join;
	case TP_RA: return h->t_ra;
	case TP_DAD: return h->t_dad;
	case TP_BU: return h->t_bu;
	case TP_BA: return h->t_ba;
	case TP_LAST: return h->last_before;
	case TP_OFFERED: return h->t_offered;
	case TP_RESUME: return h->t_resume;
	case TP_REPLY: return h->t_reply;
	}
	return T_NONE;
}

/* Earliest observed timeline point: the origin for relative times. */
static inline ts_t ho_origin(const struct handover *h)
{
	ts_t o = T_NONE;

	for (int i = 0; i < TP__COUNT; i++) {
		ts_t t = tp_time(h, i);

		if (t != T_NONE && (o == T_NONE || t < o))
			o = t;
	}
	return o;
}

#endif
