/* The address plan of the mobile nodes played. */
#include <string.h>

#include "addr.h"

static uint64_t get64(const uint8_t *b)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

static void put64(uint8_t *b, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = (uint8_t)v;
}

void lg_plan_init(struct lg_plan *p, const struct lg_opts *o)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->home, o->home.addr.s6_addr, 8);
	p->coa_hi = get64(o->coa.addr.s6_addr);
	p->first = o->first;
	p->nodes = o->nodes;
	p->coa_subnets = ((uint64_t)o->first + o->nodes + o->per_prefix - 1) / o->per_prefix;
	if (p->coa_subnets == 0)
		p->coa_subnets = 1;
	if (o->coa.len == 64)
		p->coa_subnets = 1;
}

void lg_hoa(const struct lg_plan *p, uint32_t i, struct in6_addr *a)
{
	memcpy(a->s6_addr, p->home, 8);
	put64(a->s6_addr + 8, (1ull << 32) | (p->first + i));
}

void lg_coa(const struct lg_plan *p, uint32_t i, uint16_t gen, struct in6_addr *a)
{
	put64(a->s6_addr, p->coa_hi | ((p->first + i) % p->coa_subnets));
	put64(a->s6_addr + 8, (uint64_t)gen << 48 | 1ull << 32 | (p->first + i));
}

int64_t lg_node_of_hoa(const struct lg_plan *p, const struct in6_addr *a)
{
	uint64_t iid = get64(a->s6_addr + 8);

	uint32_t n = (uint32_t)iid;

	if (memcmp(a->s6_addr, p->home, 8) || iid >> 32 != 1 || n < p->first ||
	    n - p->first >= p->nodes)
		return -1;
	return n - p->first;
}

bool lg_in_prefix(const struct in6_addr *a, const struct lg_prefix *pfx)
{
	unsigned full = pfx->len / 8, rest = pfx->len % 8;

	if (memcmp(a->s6_addr, pfx->addr.s6_addr, full))
		return false;
	return !rest || !((a->s6_addr[full] ^ pfx->addr.s6_addr[full]) & (0xff00u >> rest));
}

void lg_random_in(const struct lg_prefix *pfx, uint64_t r1, uint64_t r2, struct in6_addr *a)
{
	uint64_t hi = get64(pfx->addr.s6_addr);
	uint64_t host = pfx->len >= 64 ? 0 : (pfx->len == 0 ? ~0ull : (~0ull >> pfx->len));

	put64(a->s6_addr, hi | (r1 & host));
	/* never the subnet-router anycast address nor a reserved identifier */
	put64(a->s6_addr + 8, r2 | 0x0200000000000000ull);
}
