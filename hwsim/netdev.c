/* The wiphy -> netdev lookup through sysfs: the radio's device directory lists
 * the interfaces of the network namespace that sysfs was mounted in. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "netdev.h"

int hwsim_wiphy_netdev(const char *sysfs, const char *wiphy, char *out, size_t size)
{
	char path[4096], best[256] = "";
	struct dirent *de;
	DIR *dir;
	int n;

	if (!*wiphy || strchr(wiphy, '/') || !strcmp(wiphy, ".") || !strcmp(wiphy, ".."))
		return -EINVAL;
	n = snprintf(path, sizeof(path), "%s/class/ieee80211/%s/device/net", sysfs, wiphy);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	dir = opendir(path);
	if (!dir)
		return errno == ENOTDIR ? -ENOENT : -errno;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof(best))
			continue;
		if (!best[0] || strcmp(de->d_name, best) < 0)
			strcpy(best, de->d_name);
	}
	closedir(dir);
	if (!best[0])
		return -ENOENT;
	if (strlen(best) >= size)
		return -ENAMETOOLONG;
	strcpy(out, best);
	return 0;
}
