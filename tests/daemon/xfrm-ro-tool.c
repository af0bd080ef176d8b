/* xfrm-ro-tool: mip6d's Route Optimization data path (kern_xfrm.h) from the command
 * line, for tests/e2e/daemon-xfrm-ro.sh.
 *
 *   xfrm-ro-tool probe          exit 0 when this kernel has IPV6_MIP6's XFRM ro states
 *   xfrm-ro-tool CMD ARGS...    one command, then kern_close() (the ledger unwinds)
 *   xfrm-ro-tool serve          commands from stdin, one a line, each answered on
 *                               stdout with "ok ..." or "error: ..."; kern_close() at
 *                               "quit" or end of input
 *
 * Commands: mn-set HOA COA PEER, mn-del HOA PEER, cn-set LOCAL HOA COA,
 * cn-del LOCAL HOA, ledger (how many objects kern_close() would remove), and two ways
 * to send a Home Test Init from SRC to DST: mh-raw (an IPPROTO_RAW socket, header
 * built by the shared codec: what mip6d does) and mh-sock (an IPPROTO_MH socket
 * bound to SRC: the kernel builds the header). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ip6pkt.h"
#include "kern.h"
#include "kern_xfrm.h"
#include "mh.h"

#define MAX_ARGS 4

static int addrs(char **argv, int n, struct in6_addr *a)
{
	for (int i = 0; i < n; i++)
		if (inet_pton(AF_INET6, argv[i], &a[i]) != 1)
			return -EINVAL;
	return 0;
}

static void hoti(struct mh_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->type = MH_HOTI;
	memcpy(m->hoti.cookie, "xfrm-ro!", MH_COOKIE_LEN);
}

static int send_to(int fd, const void *buf, size_t len, const struct in6_addr *dst)
{
	struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_addr = *dst };
	int err = 0;

	if (sendto(fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		err = -errno;
	close(fd);
	return err;
}

/* As io_tx_packet() does: the kernel routes on the destination of a packet it does
 * not look into. */
static int mh_raw(const struct in6_addr *src, const struct in6_addr *dst)
{
	uint8_t pkt[IP6_HDR_LEN + MH_MAX_LEN];
	struct ip6_spec s = { .src = *src, .dst = *dst };
	struct mh_msg m;
	size_t len;
	int fd;

	hoti(&m);
	if (ip6_build_mh(&s, &m, pkt, sizeof(pkt), &len) != PKT_OK)
		return -EINVAL;
	fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (fd < 0)
		return -errno;
	return send_to(fd, pkt, len, dst);
}

static int mh_sock(const struct in6_addr *src, const struct in6_addr *dst)
{
	struct sockaddr_in6 me = { .sin6_family = AF_INET6, .sin6_addr = *src };
	uint8_t buf[MH_MAX_LEN];
	struct mh_msg m;
	size_t len;
	int fd;

	hoti(&m);
	if (mh_encode(&m, buf, sizeof(buf), &len) != PKT_OK)
		return -EINVAL;
	/* The kernel fills in the MH checksum on this socket type. */
	fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_MH);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0) {
		int err = -errno;
		close(fd);
		return err;
	}
	return send_to(fd, buf, len, dst);
}

/* One command: 0 (ledger: the count) or -errno, -EINVAL for a malformed one. */
static int run(int argc, char **argv)
{
	struct in6_addr a[MAX_ARGS - 1];
	const char *c = argv[0];
	int n = argc - 1;

	if (n > MAX_ARGS - 1 || addrs(argv + 1, n, a))
		return -EINVAL;
	if (!strcmp(c, "mn-set") && n == 3)
		return kern_ro_mn_set(&a[0], &a[1], &a[2]);
	if (!strcmp(c, "mn-del") && n == 2)
		return kern_ro_mn_del(&a[0], &a[1]);
	if (!strcmp(c, "cn-set") && n == 3)
		return kern_ro_cn_set(&a[0], &a[1], &a[2]);
	if (!strcmp(c, "cn-del") && n == 2)
		return kern_ro_cn_del(&a[0], &a[1]);
	if (!strcmp(c, "mh-raw") && n == 2)
		return mh_raw(&a[0], &a[1]);
	if (!strcmp(c, "mh-sock") && n == 2)
		return mh_sock(&a[0], &a[1]);
	if (!strcmp(c, "ledger") && n == 0)
		return kern_ledger_count();
	return -EINVAL;
}

static int report(int argc, char **argv)
{
	int r = run(argc, argv);

	if (r < 0)
		printf("error: %s: %s\n", argv[0], strerror(-r));
	else if (!strcmp(argv[0], "ledger"))
		printf("ok ledger %d\n", r);
	else
		printf("ok %s\n", argv[0]);
	fflush(stdout);
	return r < 0 ? r : 0;
}

static void serve(void)
{
	char line[512];

	while (fgets(line, sizeof(line), stdin)) {
		char *argv[MAX_ARGS + 1], *save = NULL;
		int argc = 0;

		for (char *w = strtok_r(line, " \t\n", &save); w;
		     w = strtok_r(NULL, " \t\n", &save)) {
			if (argc == MAX_ARGS + 1)
				break;
			argv[argc++] = w;
		}
		if (!argc)
			continue;
		if (!strcmp(argv[0], "quit"))
			break;
		report(argc, argv);
	}
}

static int probe(void)
{
	int err = kern_ro_probe();

	if (!err) {
		puts("route optimization: this kernel has XFRM ro states (IPV6_MIP6)");
		return 0;
	}
	printf("route optimization: not available in this kernel (%s): XFRM ro states "
	       "need CONFIG_IPV6_MIP6\n", strerror(-err));
	return 1;
}

int main(int argc, char **argv)
{
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: xfrm-ro-tool probe | serve | CMD ARGS...\n");
		return 2;
	}
	if (!strcmp(argv[1], "probe"))
		return probe();
	if (!strcmp(argv[1], "serve"))
		serve();
	else
		rc = report(argc - 1, argv + 1) ? 1 : 0;
	kern_close();
	return rc;
}
