/* The home agent's memory and kernel objects. */
#include <stdio.h>
#include <string.h>

#include "kobj.h"

static long status_kib(int pid, const char *field)
{
	char path[64], line[256];
	size_t flen = strlen(field);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, flen) && line[flen] == ':') {
			sscanf(line + flen + 1, "%ld", &v);
			break;
		}
	fclose(f);
	return v;
}

/* The number of lines a shell command prints that match pattern (grep -c), -1 when
 * it cannot run. The namespace name was checked to hold no quote. */
static long count(const char *cmd)
{
	char buf[64];
	long v = -1;
	FILE *p = popen(cmd, "r");

	if (!p)
		return -1;
	if (fgets(buf, sizeof(buf), p))
		sscanf(buf, "%ld", &v);
	if (pclose(p) == -1)
		return -1;
	return v;
}

void lg_kobj_read(int pid, const char *netns, struct lg_kobj *k)
{
	char cmd[512];

	memset(k, 0xff, sizeof(*k));
	if (pid > 0) {
		k->rss_kib = status_kib(pid, "VmRSS");
		k->hwm_kib = status_kib(pid, "VmHWM");
	}
	if (!netns)
		return;
	/* the collect_md tunnel's routes say "encap ip6"; per-CoA tunnels' say "dev mip6";
	 * the kernel's own routes of a tunnel device (link-local, multicast) are not ours */
	snprintf(cmd, sizeof(cmd), "ip -n '%s' -6 route show table all 2>/dev/null | "
		 "grep -e 'encap ip6' -e 'dev mip6' | "
		 "grep -c -v -E '^(fe80:|anycast |local |multicast )'", netns);
	k->routes = count(cmd);
	snprintf(cmd, sizeof(cmd), "ip -n '%s' -6 neigh show proxy 2>/dev/null | grep -c .", netns);
	k->proxies = count(cmd);
	snprintf(cmd, sizeof(cmd), "ip -n '%s' -o link show 2>/dev/null | grep -c ': mip6'", netns);
	k->tunnels = count(cmd);
	/* one "CoA . 0xHoA" per element, however nft wraps its lines */
	snprintf(cmd, sizeof(cmd), "ip netns exec '%s' nft list set ip6 mip6d bindings 2>/dev/null | "
		 "grep -o ' \\. 0x' | grep -c .", netns);
	k->nft_elements = count(cmd);
	/* the last column of /proc/net/raw6: what a full receive buffer made the kernel drop */
	snprintf(cmd, sizeof(cmd), "ip netns exec '%s' awk 'NR > 1 { n += $NF } END { print n + 0 }' "
		 "/proc/net/raw6 2>/dev/null", netns);
	k->raw_drops = count(cmd);
}
