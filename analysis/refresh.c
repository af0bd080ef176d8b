/* Binding Refresh Advice checks: RFC 6275 §6.2.4 requires the refresh
 * interval a BA advises to be smaller than the lifetime it grants. Like
 * bad checksums, violations are listed per capture point. */
#include "an.h"

void an_bra_check(struct analyzer *an, int point, ts_t t, const struct in6_addr *ha,
		  const struct in6_addr *hoa, const struct mh_msg *m)
{
	struct bad_bra *b;

	if (!m->opts.has_bra)
		return;
	an->bra_checked++;
	if (m->opts.refresh_units < m->ba.lifetime_units)
		return;
	an->bra_bad++;
	if (an->n_bad_bra == AN_MAX_BAD_LIST)
		return;
	b = &an->bad_bra[an->n_bad_bra++];
	b->t = t;
	b->point = (uint16_t)point;
	b->ha = *ha;
	b->hoa = *hoa;
	b->ba_seq = m->ba.seq;
	b->status = m->ba.status;
	b->refresh_units = m->opts.refresh_units;
	b->lifetime_units = m->ba.lifetime_units;
}
