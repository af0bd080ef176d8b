/*
 * kern_nft.c - the HA's check on reverse-tunnelled packets when its tunnel is a
 * collect_md device (RFC 6275 §10.4.5 has the HA verify a tunnelled packet's source).
 *
 * A collect_md ip6tnl decapsulates whatever arrives for the HA's address, from any
 * source. One nftables rule restores a reverse-path check: a packet that comes out of
 * the tunnel must have a source the HA routes back into the tunnel, i.e. a registered
 * home address (its route HoA/128 encap ... dev mip6ha is the binding). The table is
 * written once, at start, by nft(8); it does not change per binding.
 * What it does not check: that the outer source is that binding's care-of address.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kern_nl.h"

#define NFT_TABLE "mip6d"

/* Runs nft -f - with script on stdin (in our network namespace). 0 or -errno;
 * -ENOENT when nft is not installed. */
static int nft_run(const char *script)
{
	int in[2], st;
	pid_t pid;
	size_t len = strlen(script), off = 0;

	if (pipe2(in, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int err = -errno;
		close(in[0]);
		close(in[1]);
		return err;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(in[0], 0);
		if (null >= 0)
			dup2(null, 1);
		execlp("nft", "nft", "-f", "-", (char *)NULL);
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(in[0]);
	/* A child that exits early must not kill us with SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	while (off < len) {
		ssize_t n = write(in[1], script + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		off += (size_t)n;
	}
	close(in[1]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFEXITED(st))
		return -EIO;
	return WEXITSTATUS(st) == 0 ? 0 : WEXITSTATUS(st) == 127 ? -ENOENT : -EINVAL;
}

int kern_nft_ha_rpf(const char *tunnel)
{
	char script[512];
	struct kern_obj o = { .kind = KOBJ_NFT_TABLE };
	int err;

	snprintf(o.key, sizeof(o.key), "%s", NFT_TABLE);
	/* "add" then "delete" then the table: a table left by a mip6d that was killed
	 * is replaced, not doubled. */
	snprintf(script, sizeof(script),
		 "add table ip6 %s\n"
		 "delete table ip6 %s\n"
		 "table ip6 %s {\n"
		 "  chain reverse_tunnel {\n"
		 "    type filter hook prerouting priority -150; policy accept;\n"
		 "    iifname \"%s\" fib saddr . iif oif missing counter drop\n"
		 "  }\n"
		 "}\n", NFT_TABLE, NFT_TABLE, NFT_TABLE, tunnel);
	err = nft_run(script);
	if (err)
		return err;
	return kern_ledger_add(&o);
}

int kern_nft_table_del(const char *table)
{
	char script[128];
	struct kern_obj o = { .kind = KOBJ_NFT_TABLE };

	snprintf(o.key, sizeof(o.key), "%s", table);
	kern_ledger_forget(&o);
	snprintf(script, sizeof(script), "delete table ip6 %s\n", table);
	return nft_run(script);
}
