/* iface.c - the engine's tables of interfaces, addresses and routers heard. */
#include "iface.h"

#include <string.h>

#include "log.h"

bool in6_prefix_match(const struct in6_addr *a, const struct in6_addr *b, unsigned plen)
{
	unsigned bytes = plen / 8, bits = plen % 8;

	if (plen > 128)
		return false;
	if (memcmp(a, b, bytes))
		return false;
	if (!bits)
		return true;
	uint8_t m = (uint8_t)(0xff << (8 - bits));
	return (a->s6_addr[bytes] & m) == (b->s6_addr[bytes] & m);
}

struct eng_iface *iface_by_index(struct iface_table *t, int ifindex)
{
	for (unsigned i = 0; i < t->n; i++)
		if (t->v[i].ifindex == ifindex && ifindex > 0)
			return &t->v[i];
	return NULL;
}

struct eng_iface *iface_by_name(struct iface_table *t, const char *name)
{
	for (unsigned i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].name, name))
			return &t->v[i];
	return NULL;
}

bool iface_addr_update(struct eng_iface *ifc, const struct in6_addr *addr, uint8_t plen,
		       enum eng_addr_state state, uint64_t now)
{
	static const char *const names[] = { "tentative", "usable", "dad-failed", "removed" };
	struct eng_addr *a = NULL;

	for (unsigned i = 0; i < ifc->n_addrs; i++)
		if (!memcmp(&ifc->addrs[i].addr, addr, sizeof(*addr)))
			a = &ifc->addrs[i];
	if (a && a->state == state && a->plen == plen)
		return false;
	log_debug("address %s/%u on %s: %s", log_in6(addr), plen, ifc->name, names[state]);
	if (state == ENG_ADDR_REMOVED || state == ENG_ADDR_DAD_FAILED) {
		if (a)
			*a = ifc->addrs[--ifc->n_addrs];
		return true;
	}
	if (!a) {
		if (ifc->n_addrs == ENG_MAX_ADDRS) {
			log_warnx("%s: more than %d addresses, %s not tracked", ifc->name,
				  ENG_MAX_ADDRS, log_in6(addr));
			return false;
		}
		a = &ifc->addrs[ifc->n_addrs++];
		a->addr = *addr;
	}
	a->plen = plen;
	a->state = (uint8_t)state;
	if (state == ENG_ADDR_USABLE)
		a->seen = now;
	return true;
}

struct eng_iface *iface_where(struct iface_table *t, const struct in6_addr *a,
			      uint8_t *plen)
{
	for (unsigned i = 0; i < t->n; i++)
		for (unsigned j = 0; j < t->v[i].n_addrs; j++)
			if (IN6_ARE_ADDR_EQUAL(&t->v[i].addrs[j].addr, a)) {
				*plen = t->v[i].addrs[j].plen;
				return &t->v[i];
			}
	return NULL;
}

void iface_router_heard(struct iface_table *t, struct eng_iface *ifc,
			const struct eng_ra *ra)
{
	struct eng_heard *h = NULL;

	for (unsigned i = 0; i < ifc->n_heard; i++)
		if (IN6_ARE_ADDR_EQUAL(&ifc->heard[i].addr, &ra->src))
			h = &ifc->heard[i];
	if (!h && ifc->n_heard < ENG_MAX_ROUTERS)
		h = &ifc->heard[ifc->n_heard++];
	if (!h) {
		h = &ifc->heard[0];
		for (unsigned i = 1; i < ifc->n_heard; i++)
			if (ifc->heard[i].seq < h->seq)
				h = &ifc->heard[i];
	}
	h->addr = ra->src;
	h->seq = ++t->heard_seq;
	h->has_lladdr = ra->has_lladdr;
	if (ra->has_lladdr)
		memcpy(h->lladdr, ra->lladdr, 6);
}

static const struct eng_heard *newest(const struct eng_iface *ifc)
{
	const struct eng_heard *n = NULL;

	for (unsigned i = 0; i < ifc->n_heard; i++)
		if (!n || ifc->heard[i].seq > n->seq)
			n = &ifc->heard[i];
	return n;
}

bool iface_router_lladdr(const struct eng_iface *ifc, uint8_t mac[6])
{
	const struct eng_heard *n = newest(ifc);

	if (!n || !n->has_lladdr)
		return false;
	memcpy(mac, n->lladdr, 6);
	return true;
}

void iface_take_stale(struct eng_iface *ifc, struct eng_router *out, unsigned *n,
		      unsigned max)
{
	const struct eng_heard *keep = newest(ifc);
	unsigned k = 0;

	for (unsigned i = 0; i < ifc->n_heard; i++) {
		if (&ifc->heard[i] == keep || *n >= max) {
			ifc->heard[k++] = ifc->heard[i];
			continue;
		}
		out[*n].ifindex = ifc->ifindex;
		out[(*n)++].addr = ifc->heard[i].addr;
	}
	ifc->n_heard = k;
}

void iface_prefixes_heard(struct eng_iface *ifc, const struct eng_ra *ra, uint64_t now)
{
	for (unsigned i = 0; i < ra->n_prefixes && i < ENG_RA_MAX_PREFIXES; i++) {
		const struct eng_prefix *p = &ra->prefixes[i];
		struct eng_prefix_heard *h = NULL;

		for (unsigned j = 0; j < ifc->n_prefixes; j++)
			if (ifc->prefixes[j].plen == p->plen &&
			    in6_prefix_match(&ifc->prefixes[j].prefix, &p->prefix, p->plen))
				h = &ifc->prefixes[j];
		if (!h && ifc->n_prefixes < ENG_MAX_PREFIXES)
			h = &ifc->prefixes[ifc->n_prefixes++];
		if (!h)
			continue;
		h->prefix = p->prefix;
		h->plen = p->plen;
		h->valid = p->valid;
		h->at = now;
	}
}

uint32_t iface_valid_left(const struct iface_table *t, const struct in6_addr *addr,
			  uint64_t now)
{
	const struct eng_prefix_heard *best = NULL;

	for (unsigned i = 0; i < t->n; i++)
		for (unsigned j = 0; j < t->v[i].n_prefixes; j++) {
			const struct eng_prefix_heard *h = &t->v[i].prefixes[j];

			if (in6_prefix_match(&h->prefix, addr, h->plen) &&
			    (!best || h->plen > best->plen || (h->plen == best->plen &&
							       h->at > best->at)))
				best = h;
		}
	if (!best || best->valid == UINT32_MAX)
		return UINT32_MAX;
	uint64_t gone = (now - best->at) / 1000;

	return gone >= best->valid ? 0 : best->valid - (uint32_t)gone;
}

bool iface_lladdr_of(const struct eng_iface *ifc, const struct in6_addr *addr,
		     uint8_t mac[6])
{
	const struct eng_heard *n = newest(ifc);

	/* Only the current router's RA is kept: the address must be among its own. */
	if (!n || !n->has_lladdr || !ifc->have_router ||
	    !IN6_ARE_ADDR_EQUAL(&ifc->router, &n->addr))
		return false;
	for (unsigned i = 0; i < ifc->ra.n_prefixes; i++)
		if ((ifc->ra.prefixes[i].flags & ENG_PI_RADDR) &&
		    IN6_ARE_ADDR_EQUAL(&ifc->ra.prefixes[i].prefix, addr)) {
			memcpy(mac, n->lladdr, 6);
			return true;
		}
	return false;
}
