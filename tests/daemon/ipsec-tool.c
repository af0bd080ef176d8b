/* ipsec-tool: mip6d's IPsec for the home registration (kern_ipsec.c, io_mhk.c, and the
 * wire path's count of plain messages in io_mh.c) from the command line, without the
 * engine, for tests/e2e/daemon-ipsec-kern.sh.
 *
 *   ipsec-tool mn|ha HOA HA REQID_TO_HA REQID_TO_MN
 *
 * puts the pair's policies and inbound state in place (kern_ipsec_pair_add), opens the
 * MH receive paths as mip6d does with UseMnHaIPsec and one IPsecPolicySet for the pair,
 * then answers commands from stdin, one a line, with one line each ("ok ...", "rx ...",
 * "error: ..."); kern_close() at "quit" or end of input:
 *
 *   send SEQ COA|home   mn: a protected BU (from COA with a HAO, or from home);
 *                       ha: a protected BA (to COA with an RH2, or to home)
 *   recv MS             the first message the engine would get within MS ms:
 *                       "rx BU seq 7 src S dst D hao H rh2 - protected 1", or "rx none"
 *   stats               "ok rx N esp-rx N unprotected N tx N esp-tx N"
 *   bench-esp N COA|home   N messages as "send" (seq 1000 on), timed: "ok us-per-msg X
 *                       cpu-us-per-msg Y" (wall clock; CPU of this process, user +
 *                       system, which includes what the kernel did in the send call)
 *   bench-raw N COA|home   the same, plain: whole packets built by the codec on the
 *                       IPPROTO_RAW socket, mip6d's path without IPsec
 *   drain MS            reads for MS ms; "ok got N cpu-us-per-msg X": the messages
 *                       handed on (ESP) or counted as unprotected (plain, from the packet
 *                       socket), and this process's CPU time per message
 *   ledger              how many objects kern_close() would remove */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "config.h"
#include "eloop.h"
#include "engine.h"
#include "io_int.h"
#include "kern.h"
#include "kern_ipsec.h"
#include "mh.h"

/* The io side's loop and engine, stood in for. */
#define MAX_FDS 4
static struct { int fd; eloop_fd_fn fn; } fds[MAX_FDS];
static unsigned nfds;

int eloop_add_fd(struct eloop *el, int fd, eloop_fd_fn fn, void *ctx)
{
	(void)el;
	(void)ctx;
	if (nfds == MAX_FDS)
		return -ENOSPC;
	fds[nfds].fd = fd;
	fds[nfds++].fn = fn;
	return 0;
}

/* io_mh.c's queue of first registrations: opened on a home agent, never used here (no
 * BU is a first registration for this tool's stand-in engine, below). */
int eloop_add_deadline_source(struct eloop *el, eloop_deadline_fn deadline,
			      eloop_due_fn due, void *ctx)
{
	(void)el; (void)deadline; (void)due; (void)ctx;
	return 0;
}

void eloop_del_deadline_source(struct eloop *el, eloop_deadline_fn deadline, void *ctx)
{
	(void)el; (void)deadline; (void)ctx;
}

bool engine_bu_is_first(const struct engine *e, const struct in6_addr *hoa,
			const struct in6_addr *src)
{
	(void)e; (void)src; (void)hoa;
	return false;
}

void eloop_del_fd(struct eloop *el, int fd)
{
	(void)el;
	for (unsigned i = 0; i < nfds; i++)
		if (fds[i].fd == fd)
			fds[i] = fds[--nfds];
}

static unsigned heard;          /* messages handed to the "engine" */
static char last[512];

void engine_rx_mh(struct engine *e, const struct eng_rx *rx, const struct mh_msg *m)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN], h[INET6_ADDRSTRLEN], r[INET6_ADDRSTRLEN];
	unsigned seq = m->type == MH_BU ? m->bu.seq : m->type == MH_BA ? m->ba.seq : 0;

	(void)e;
	heard++;
	snprintf(last, sizeof(last), "rx %s seq %u src %s dst %s hao %s rh2 %s protected %d",
		 mh_type_name(m->type), seq, inet_ntop(AF_INET6, &rx->src, s, sizeof(s)),
		 inet_ntop(AF_INET6, &rx->dst, d, sizeof(d)),
		 rx->has_hao ? inet_ntop(AF_INET6, &rx->hao, h, sizeof(h)) : "-",
		 rx->has_rh2 ? inet_ntop(AF_INET6, &rx->rh2, r, sizeof(r)) : "-",
		 rx->protected);
}

/* io_nlmon.c's answer (a table lookup there), from the kernel's list at start: the
 * test's addresses are in place before the tool runs. */
#define MAX_LOCAL 32
static struct in6_addr local[MAX_LOCAL];
static unsigned nlocal;

static void read_local(void)
{
	struct ifaddrs *ifa, *i;

	if (getifaddrs(&ifa) < 0)
		return;
	for (i = ifa; i && nlocal < MAX_LOCAL; i = i->ifa_next)
		if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET6)
			local[nlocal++] = ((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
	freeifaddrs(ifa);
}

bool io_addr_is_local(const struct in6_addr *a)
{
	for (unsigned i = 0; i < nlocal; i++)
		if (!memcmp(&local[i], a, sizeof(*a)))
			return true;
	return false;
}

static void poll_once(int ms)
{
	struct pollfd p[MAX_FDS];

	for (unsigned i = 0; i < nfds; i++)
		p[i] = (struct pollfd){ .fd = fds[i].fd, .events = POLLIN };
	if (poll(p, nfds, ms) <= 0)
		return;
	for (unsigned i = 0; i < nfds; i++)
		if (p[i].revents & POLLIN)
			fds[i].fn(p[i].fd, NULL);
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static uint64_t cpu_us(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000u +
	       (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

static bool mn;
static struct in6_addr hoa, ha;

/* The message and how the engine would ask for it. */
static void make(struct eng_tx *tx, struct mh_msg *m, unsigned seq,
		 const struct in6_addr *coa, bool protect)
{
	memset(tx, 0, sizeof(*tx));
	tx->protected = protect;
	if (mn) {
		mh_bu_init(m, (uint16_t)seq, MH_BU_A | MH_BU_H, 60);
		tx->src = coa ? *coa : hoa;
		tx->dst = ha;
		tx->with_hao = coa != NULL;
		tx->hao = hoa;
	} else {
		mh_ba_init(m, 0, (uint16_t)seq, 60, 0);
		tx->src = ha;
		tx->dst = coa ? *coa : hoa;
		tx->with_rh2 = coa != NULL;
		tx->rh2 = hoa;
	}
}

static int cmd(char *line)
{
	char *argv[3] = { 0 };
	int argc = 0;
	struct in6_addr coa;
	const struct in6_addr *pc = NULL;
	struct eng_tx tx;
	struct mh_msg m;

	for (char *t = strtok(line, " \t\n"); t && argc < 3; t = strtok(NULL, " \t\n"))
		argv[argc++] = t;
	if (!argc)
		return 0;
	if (!strcmp(argv[0], "quit"))
		return 1;
	if (argc >= 3 && strcmp(argv[2], "home")) {
		if (inet_pton(AF_INET6, argv[2], &coa) != 1) {
			printf("error: bad address %s\n", argv[2]);
			return 0;
		}
		pc = &coa;
	}
	if (!strcmp(argv[0], "send") && argc == 3) {
		make(&tx, &m, (unsigned)atoi(argv[1]), pc, true);
		int err = io_send_mh(&tx, &m);

		if (err)
			printf("error: %s\n", strerror(-err));
		else
			printf("ok sent %s\n", mh_type_name(m.type));
	} else if (!strcmp(argv[0], "recv") && argc == 2) {
		uint64_t end = now_us() + (uint64_t)atoi(argv[1]) * 1000u;
		unsigned was = heard;

		while (heard == was && now_us() < end)
			poll_once((int)((end - now_us()) / 1000u) + 1);
		printf("%s\n", heard != was ? last : "rx none");
	} else if (!strcmp(argv[0], "stats")) {
		printf("ok rx %llu esp-rx %llu unprotected %llu tx %llu esp-tx %llu\n",
		       (unsigned long long)io_stats.mh_rx, (unsigned long long)io_stats.mh_esp_rx,
		       (unsigned long long)io_stats.mh_unprotected,
		       (unsigned long long)io_stats.mh_tx, (unsigned long long)io_stats.mh_esp_tx);
	} else if ((!strcmp(argv[0], "bench-esp") || !strcmp(argv[0], "bench-raw")) &&
		   argc == 3) {
		unsigned n = (unsigned)atoi(argv[1]);
		bool esp = argv[0][6] == 'e';
		uint64_t t0 = now_us(), c0 = cpu_us();
		int err = 0;

		for (unsigned i = 0; i < n && !err; i++) {
			make(&tx, &m, 1000 + i, pc, esp);
			err = io_send_mh(&tx, &m);
		}
		if (err || !n)
			printf("error: %s\n", err ? strerror(-err) : "N");
		else
			printf("ok us-per-msg %.1f cpu-us-per-msg %.1f\n",
			       (double)(now_us() - t0) / n, (double)(cpu_us() - c0) / n);
	} else if (!strcmp(argv[0], "drain") && argc == 2) {
		uint64_t end = now_us() + (uint64_t)atoi(argv[1]) * 1000u, c0 = cpu_us();
		unsigned got = heard + (unsigned)io_stats.mh_unprotected;

		while (now_us() < end)
			poll_once((int)((end - now_us()) / 1000u) + 1);
		got = heard + (unsigned)io_stats.mh_unprotected - got;
		printf("ok got %u cpu-us-per-msg %.1f\n", got,
		       got ? (double)(cpu_us() - c0) / got : 0.0);
	} else if (!strcmp(argv[0], "ledger")) {
		printf("ok ledger %d\n", kern_ledger_count());
	} else {
		printf("error: unknown command\n");
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct config conf;
	char line[256];
	int err;

	if (argc != 6 || (strcmp(argv[1], "mn") && strcmp(argv[1], "ha")) ||
	    inet_pton(AF_INET6, argv[2], &hoa) != 1 || inet_pton(AF_INET6, argv[3], &ha) != 1) {
		fprintf(stderr, "usage: ipsec-tool mn|ha HOA HA REQID_TO_HA REQID_TO_MN\n");
		return 2;
	}
	mn = !strcmp(argv[1], "mn");
	conf.role = mn ? NODE_MN : NODE_HA;
	conf.use_mn_ha_ipsec = true;
	conf.n_ipsec_sets = 1;
	conf.ipsec_sets[0].hoa = hoa;
	conf.ipsec_sets[0].hoa_plen = 64;
	conf.ipsec_sets[0].ha = ha;
	conf.ipsec_sets[0].home_reg = true;
	conf.ipsec_sets[0].reqid_to_ha = (uint32_t)strtoul(argv[4], NULL, 0);
	conf.ipsec_sets[0].reqid_to_mn = (uint32_t)strtoul(argv[5], NULL, 0);
	setvbuf(stdout, NULL, _IOLBF, 0);
	read_local();
	if ((err = kern_open()) || (err = io_tx_init()) || (err = io_mh_init(NULL, NULL, &conf)) ||
	    (err = io_mhk_init(NULL, NULL, &conf)) ||
	    (err = kern_ipsec_pair_add(&hoa, &ha, conf.ipsec_sets[0].reqid_to_ha,
				       conf.ipsec_sets[0].reqid_to_mn, mn))) {
		printf("error: %s\n", strerror(-err));
		kern_close();
		return 1;
	}
	printf("ok ready\n");
	while (fgets(line, sizeof(line), stdin))
		if (cmd(line))
			break;
	io_mhk_close(NULL);
	io_mh_close(NULL);
	io_tx_close();
	kern_close();
	return 0;
}
