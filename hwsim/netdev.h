/* Finding the network interface the kernel created for a wiphy. */
#ifndef MIP6LAB_HWSIM_NETDEV_H
#define MIP6LAB_HWSIM_NETDEV_H

#include <stddef.h>

/* Looks in SYSFS/class/ieee80211/WIPHY/device/net/ and copies the first interface
 * name (in name order) to out. Returns 0, -ENOENT when the radio has none (or
 * the wiphy is unknown), -ENAMETOOLONG when out is too small, or another -errno. */
int hwsim_wiphy_netdev(const char *sysfs, const char *wiphy, char *out, size_t size);

#endif
