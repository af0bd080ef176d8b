/* What the home agent holds at the end, read from outside it: its memory from
 * /proc/PID/status, its kernel objects by ip(8) and nft(8) in its namespace. */
#ifndef LG_KOBJ_H
#define LG_KOBJ_H

#include <stdint.h>

struct lg_kobj {
	long rss_kib, hwm_kib;		/* VmRSS, VmHWM; -1 unknown */
	long routes;			/* host routes through mip6d's tunnels */
	long proxies;			/* proxy ND entries */
	long nft_elements;		/* (CoA . HoA) pairs in the set of table ip6 mip6d */
	long tunnels;			/* mip6* links */
	long raw_drops;			/* packets its raw sockets had no room for */
};

/* pid <= 0 or netns NULL: those fields stay -1. */
void lg_kobj_read(int pid, const char *netns, struct lg_kobj *k);

#endif
