/* The L2 phase in parts (docs/metrics.md "L2 in parts"): scan,
 * authentication, association, and the WPA2 4-way handshake after the join,
 * shared by every report. */
#ifndef MIP6_AN_L2PARTS_H
#define MIP6_AN_L2PARTS_H

#include "an.h"

enum { L2P_SCAN, L2P_AUTH, L2P_ASSOC, L2P_4WAY, L2P__COUNT };
enum { L2T_PROBE_FIRST, L2T_PROBE_RESP, L2T_AUTH_REQ, L2T_AUTH_RESP, L2T_ASSOC_REQ,
       L2T_EAPOL1, L2T_EAPOL4, L2T__COUNT };

struct l2p_def {
	const char *key;	/* JSON / CSV name */
	const char *label;	/* text report */
};

extern const struct l2p_def l2p_defs[L2P__COUNT];
extern const struct l2p_def l2t_defs[L2T__COUNT];

static inline ts_t l2_time(const struct handover *h, int k)
{
	const struct l2_parts *p = &h->l2p;

	if (h->join == T_NONE)
		return T_NONE;
	switch (k) {
	case L2T_PROBE_FIRST: return p->probe_first;
	case L2T_PROBE_RESP: return p->probe_last_resp;
	case L2T_AUTH_REQ: return p->auth_req;
	case L2T_AUTH_RESP: return p->auth_resp;
	case L2T_ASSOC_REQ: return p->assoc_req;
	case L2T_EAPOL1: return p->eapol1;
	case L2T_EAPOL4: return p->eapol4;
	}
	return T_NONE;
}

/* "probed" (it scanned once off the old AP), "cached" (it authenticated
 * from earlier scan results), NULL: no L2 move with a leave observed. */
static inline const char *l2_scan_str(const struct handover *h)
{
	if (h->join == T_NONE || h->leave == T_NONE)
		return NULL;
	return h->l2p.scanned ? "probed" : "cached";
}

static inline int64_t span(ts_t a, ts_t b)
{
	return a == T_NONE || b == T_NONE || b < a ? T_NONE : b - a;
}

/* Duration of part k in ns; a scan that did not happen is 0, a part not
 * observed T_NONE. */
static inline int64_t l2_part_ns(const struct handover *h, int k)
{
	const struct l2_parts *p = &h->l2p;
	ts_t end;

	if (h->join == T_NONE)
		return T_NONE;
	switch (k) {
	case L2P_SCAN:
		if (!l2_scan_str(h))
			return T_NONE;
		if (!p->scanned)
			return 0;
		end = p->probe_last_resp != T_NONE && p->probe_last_resp >= h->leave ?
		      p->probe_last_resp : p->probe_last_req;
		return span(h->leave, end);
	case L2P_AUTH: return span(p->auth_req, p->auth_resp);
	case L2P_ASSOC: return span(p->assoc_req, h->join);
	case L2P_4WAY: return span(p->eapol1, p->eapol4);
	}
	return T_NONE;
}

/* wifi_parts.c: what wifi.c tells about a station's frames. */
void l2p_reset(struct l2_parts *p);
void l2p_sta_init(struct sta *s);
void l2p_probe_req(struct sta *s, ts_t t);
void l2p_probe_resp(struct sta *s, ts_t t);
/* An authentication frame (body after the 24-byte header) between s and bss. */
void l2p_auth(struct sta *s, ts_t t, const uint8_t *bss, bool from_sta, const uint8_t *body,
	      size_t blen);
void l2p_assoc_req(struct sta *s, ts_t t, const uint8_t *bss);
/* s joined the BSS of move idx of an->l2 (-1: no move recorded). */
void l2p_joined(struct analyzer *an, struct sta *s, int64_t idx);
/* An EAPOL frame (p at its header) between s and its AP. */
void l2p_eapol(struct analyzer *an, struct sta *s, ts_t t, bool from_ap, const uint8_t *p,
	       size_t len);

/* report_l2.c */
void l2_report_text(const struct handover *h, ts_t origin, FILE *f);
void l2_report_json(const struct handover *h, FILE *f);
void l2_csv_header(FILE *f);
void l2_csv_row(const struct handover *h, FILE *f);
/* Part k in a few words ("scan 12.000 ms", "no scan"); 0 when not observed. */
int l2_part_brief(const struct handover *h, int k, char *buf, size_t n);

#endif
