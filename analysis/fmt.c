/* Formatting helpers shared by the report writers. */
#include <arpa/inet.h>
#include <stdio.h>

#include "an.h"

void fmt_ts(char *buf, size_t n, ts_t t)
{
	if (t == T_NONE) {
		snprintf(buf, n, "-");
		return;
	}
	/* Microseconds: what events.log and pcap carry in the lab. */
	snprintf(buf, n, "%lld.%06lld", (long long)(t / NS_PER_SEC),
		 (long long)((t % NS_PER_SEC) / 1000));
}

void fmt_addr(char *buf, size_t n, const struct in6_addr *a)
{
	if (!inet_ntop(AF_INET6, a, buf, (socklen_t)n))
		snprintf(buf, n, "?");
}

void fmt_mac(char *buf, size_t n, const struct mac *m)
{
	snprintf(buf, n, "%02x:%02x:%02x:%02x:%02x:%02x",
		 m->b[0], m->b[1], m->b[2], m->b[3], m->b[4], m->b[5]);
}
