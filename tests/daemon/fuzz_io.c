/* libFuzzer harness over mip6d's two receive entry points: io_mh_input() (whole IPv6
 * packets as the AF_PACKET socket delivers them) and io_nd_input() (ICMPv6 messages as
 * the raw ICMPv6 socket delivers them). The first input byte picks the path and, for
 * ND, the hop limit; the engine's inputs are sinks that touch every field they get.
 *   make daemon-io-fuzz FUZZ_SECONDS=60 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "config.h"
#include "engine.h"
#include "io_int.h"
#include "log.h"

struct io_stats io_stats;
static volatile uint64_t sink;

static void eat(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		sink += b[i];
}

void engine_rx_mh(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{ (void)e; eat(rx, sizeof(*rx)); eat(m, sizeof(*m)); }
void engine_rx_ra(struct engine *e, const struct eng_ra *ra)
{ (void)e; eat(ra, sizeof(*ra)); }
void engine_ha_dad_conflict(struct engine *e, int ifindex, const struct in6_addr *hoa)
{ (void)e; sink += (uint64_t)ifindex; eat(hoa, sizeof(*hoa)); }

int io_tx_packet(int ifindex, const void *pkt, size_t len)
{ (void)ifindex; eat(pkt, len); return 0; }
bool io_link_known(int ifindex, char *name) { (void)ifindex; (void)name; return true; }
bool io_addr_is_local(const struct in6_addr *a) { (void)a; return false; }
bool io_usable_linklocal(int ifindex, struct in6_addr *out, bool *optimistic)
{ (void)ifindex; (void)out; (void)optimistic; return false; }
int eloop_add_fd(struct eloop *el, int fd, void (*fn)(int, void *), void *ctx)
{ (void)el; (void)fd; (void)fn; (void)ctx; return 0; }
void eloop_del_fd(struct eloop *el, int fd) { (void)el; (void)fd; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config conf;
	static const struct in6_addr ll = { .s6_addr = { 0xfe, 0x80, [15] = 1 } };

	if (size < 2)
		return 0;
	if (!conf.role) {
		conf.role = NODE_MN;
		log_init(0, NULL);
		io_nd_set_engine(NULL, &conf);
	}
	if (data[0] & 1)
		io_nd_input(1, &ll, data[0] & 0x80 ? 255 : data[1], data + 2, size - 2);
	else
		io_mh_input(NULL, 1, data + 1, size - 1);
	return 0;
}
