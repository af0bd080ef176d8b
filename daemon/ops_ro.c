/* ops_ro.c - route optimization's data path (kern_xfrm.c): the engine's (hoa, peer)
 * pairs as the kernel's XFRM ro states and policies, on the mobile node or on the
 * correspondent. */
#include "kern_xfrm.h"
#include "log.h"
#include "ops_int.h"

int ops_ro_set(void *ctx, const struct eng_ro *r)
{
	(void)ctx;
	log_info("kern: route optimization %s <-> %s via %s%s", log_in6(&r->hoa),
		 log_in6(&r->peer), log_in6(&r->coa), r->accept_only ? " (receiving only)" : "");
	if (r->mn && r->accept_only)
		return kern_ro_mn_accept(&r->hoa, &r->coa, &r->peer);
	return r->mn ? kern_ro_mn_set(&r->hoa, &r->coa, &r->peer)
		     : kern_ro_cn_set(&r->peer, &r->hoa, &r->coa);
}

int ops_ro_del(void *ctx, const struct eng_ro *r)
{
	(void)ctx;
	log_info("kern: route optimization %s <-> %s removed", log_in6(&r->hoa),
		 log_in6(&r->peer));
	return r->mn ? kern_ro_mn_del(&r->hoa, &r->peer) : kern_ro_cn_del(&r->peer, &r->hoa);
}
