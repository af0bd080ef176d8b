/* The parts of a station's L2 transition, followed frame by frame: its
 * probe burst, authentication and (re)association to the AP it then joins,
 * and the WPA2 4-way handshake with that AP after the join. */
#include <string.h>

#include "l2parts.h"
#include "bytes.h"

/* Probe requests further apart than this belong to different scans. */
#define SCAN_BURST_GAP	NS_PER_SEC

/* EAPOL (IEEE 802.1X-2004) and its Key descriptor's Key Information bits
 * (IEEE 802.11-2016 12.7.2). */
#define EAPOL_KEY	3
#define KI_PAIRWISE	0x0008
#define KI_ACK		0x0080
#define KI_MIC		0x0100
#define KI_SECURE	0x0200

void l2p_reset(struct l2_parts *p)
{
	p->probe_first = p->probe_last_req = p->probe_last_resp = T_NONE;
	p->auth_req = p->auth_resp = p->assoc_req = p->eapol1 = p->eapol4 = T_NONE;
	p->scanned = false;
}

void l2p_sta_init(struct sta *s)
{
	s->probe_first = s->probe_last_req = s->probe_last_resp = T_NONE;
	l2p_reset(&s->pend);
	memset(&s->pend_bss, 0, sizeof(s->pend_bss));
	s->move = -1;
}

void l2p_probe_req(struct sta *s, ts_t t)
{
	if (s->probe_last_req == T_NONE || t - s->probe_last_req > SCAN_BURST_GAP) {
		s->probe_first = t;
		s->probe_last_resp = T_NONE;
	}
	s->probe_last_req = t;
}

void l2p_probe_resp(struct sta *s, ts_t t)
{
	if (s->probe_last_req != T_NONE)
		s->probe_last_resp = t;
}

static bool pending(const struct sta *s)
{
	return s->pend.auth_req != T_NONE || s->pend.auth_resp != T_NONE ||
	       s->pend.assoc_req != T_NONE;
}

/* A join attempt to bss begins: the scan before it is the latest burst. */
static void begin(struct sta *s, const uint8_t *bss)
{
	if (pending(s) && memcmp(s->pend_bss.b, bss, 6) == 0)
		return;
	l2p_reset(&s->pend);
	memcpy(s->pend_bss.b, bss, 6);
	s->pend.probe_first = s->probe_first;
	s->pend.probe_last_req = s->probe_last_req;
	s->pend.probe_last_resp = s->probe_last_resp;
}

void l2p_auth(struct sta *s, ts_t t, const uint8_t *bss, bool from_sta, const uint8_t *body,
	      size_t blen)
{
	if (blen < 6)
		return;
	if (from_sta) {
		begin(s, bss);
		if (s->pend.auth_req == T_NONE)
			s->pend.auth_req = t;
		return;
	}
	/* A success from the AP being joined; the status is little-endian. */
	if (body[4] == 0 && body[5] == 0 && pending(s) && memcmp(s->pend_bss.b, bss, 6) == 0)
		s->pend.auth_resp = t;
}

void l2p_assoc_req(struct sta *s, ts_t t, const uint8_t *bss)
{
	begin(s, bss);
	if (s->pend.assoc_req == T_NONE)
		s->pend.assoc_req = t;
}

void l2p_joined(struct analyzer *an, struct sta *s, int64_t idx)
{
	if (idx >= 0) {
		struct l2_move *m = &an->l2[idx];
		struct l2_parts *p = &m->parts;

		if (pending(s) && memcmp(s->pend_bss.b, m->new_bss.b, 6) == 0) {
			*p = s->pend;
		} else {
			/* Neither authentication nor association request captured. */
			l2p_reset(p);
			p->probe_first = s->probe_first;
			p->probe_last_req = s->probe_last_req;
			p->probe_last_resp = s->probe_last_resp;
		}
		/* Probes sent while still on the old AP do not cost the move
		 * anything: it then authenticated from those (cached) results. */
		p->scanned = m->leave != T_NONE && p->probe_last_req != T_NONE &&
			     p->probe_last_req >= m->leave;
		if (!p->scanned)
			p->probe_first = p->probe_last_req = p->probe_last_resp = T_NONE;
		s->move = idx;
	}
	l2p_reset(&s->pend);
}

void l2p_eapol(struct analyzer *an, struct sta *s, ts_t t, bool from_ap, const uint8_t *p,
	       size_t len)
{
	struct l2_parts *m;
	uint16_t ki;

	if (len < 7 || p[1] != EAPOL_KEY || s->move < 0 || (size_t)s->move >= an->n_l2)
		return;
	ki = get_be16(p + 5);
	if (!(ki & KI_PAIRWISE))
		return;		/* the group key handshake */
	m = &an->l2[s->move].parts;
	if (from_ap && (ki & KI_ACK) && !(ki & KI_MIC)) {
		if (m->eapol1 == T_NONE)
			m->eapol1 = t;	/* a retransmitted 1/4 is part of the cost */
	} else if (!from_ap && (ki & KI_MIC) && !(ki & KI_ACK) && (ki & KI_SECURE)) {
		if (m->eapol1 != T_NONE && m->eapol4 == T_NONE)
			m->eapol4 = t;
	}
}
