/* Binding hijack (docs/analyzer.md "Binding hijack"): a binding the home
 * agent accepted for a home address with a care-of address its mobile node
 * never used, and the data the home agent then tunnelled to that address.
 * Every capture point feeds one table of (home address, care-of address)
 * pairs: where their BUs were seen, whether ESP protected them, the first
 * BA accepting one. */
#ifndef MIP6_AN_HIJACK_H
#define MIP6_AN_HIJACK_H

#include "an.h"

#define HJ_SEQS	8	/* sequence numbers kept per pair to count a BU seen twice once */

struct hj_pair {
	struct in6_addr hoa, coa, ha;
	uint64_t bu_points;	/* bit p: a BU of the pair at point p */
	uint64_t ba_points;	/* bit p: an accepting BA of it there */
	uint32_t bu_stas;	/* bit s: station s sent one on the air */
	ts_t t_bu;		/* its first BU anywhere */
	ts_t t_air;		/* its first BU on the air, T_NONE */
	int first_sta;		/* that BU's station */
	uint32_t bus, plain_bus;	/* distinct BUs (by sequence number), those in the clear */
	uint16_t seqs[HJ_SEQS];
	uint8_t n_seqs, next_seq;
	ts_t t_ba;		/* first accepting BA anywhere, T_NONE */
	uint32_t *tun;		/* per point: packets the HA tunnelled to coa after t_ba */
	uint32_t next_coa;	/* the next pair with this care-of address, HOA_NONE */
};

/* A binding to a care-of address its mobile node never used. */
struct hj_binding {
	const struct hj_pair *p;
	bool bu_protected;	/* every BU of the pair came through ESP */
	bool accepted;		/* false: a BU the home agent did not accept */
	uint64_t packets;	/* packets_to_coa: the most any one point saw */
};

struct hj_state {
	struct hj_pair *v;
	size_t n, cap;
	struct hoa_map by_coa;	/* care-of address -> first and last pair */
	uint64_t dropped;	/* pairs past AN_MAX_EXCHANGES */
	/* Results (hj_finish). */
	struct hj_binding *out;
	size_t n_out, cap_out, n_hijacked, n_checked;
	uint64_t unprotected_bu;
};

/* As the stream goes: a BU or accepting BA of a home registration, esp
 * when it came through ESP; a packet tunnelled from outer src to outer dst
 * at point whose innermost protocol is proto. */
void hj_bu(struct analyzer *an, int point, ts_t t, const struct in6_addr *hoa,
	   const struct in6_addr *coa, const struct in6_addr *ha, uint16_t seq, bool esp);
void hj_ba(struct analyzer *an, int point, ts_t t, const struct in6_addr *hoa, const struct in6_addr *coa,
	   const struct in6_addr *ha);
void hj_tunnel(struct analyzer *an, int point, ts_t t, const struct in6_addr *src,
	       const struct in6_addr *dst, uint8_t proto);
/* After an_nodes_build: the verdict. */
void hj_finish(struct analyzer *an);
void hj_free(struct analyzer *an);

/* report_hijack.c */
void hj_report_text(const struct analyzer *an, FILE *f);
void hj_report_json(const struct analyzer *an, FILE *f);	/* "hijack" */

#endif
