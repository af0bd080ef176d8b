/* net.ipv6.conf.IF.KEY through /proc/sys (per network namespace). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kern_nl.h"

static int sysctl_path(char *p, size_t n, const char *ifname, const char *key)
{
	/* Names come from our config; refuse anything that could walk out of
	 * the directory. */
	if (strchr(ifname, '/') || strchr(key, '/') || !strcmp(ifname, "..") ||
	    !strcmp(ifname, "."))
		return -EINVAL;
	if ((size_t)snprintf(p, n, "/proc/sys/net/ipv6/conf/%s/%s", ifname,
			     key) >= n)
		return -ENAMETOOLONG;
	return 0;
}

int kern_sysctl_get(const char *ifname, const char *key, int *value)
{
	char path[256], buf[32];
	int fd, err = sysctl_path(path, sizeof(path), ifname, key);
	ssize_t n;

	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	err = n < 0 ? -errno : 0;
	close(fd);
	if (err)
		return err;
	buf[n] = '\0';
	char *end;
	long v = strtol(buf, &end, 10);
	if (end == buf)
		return -EINVAL;
	*value = (int)v;
	return 0;
}

static int sysctl_write(const char *path, int value)
{
	char buf[32];
	int fd = open(path, O_WRONLY | O_CLOEXEC), len, err = 0;

	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%d\n", value);
	if (write(fd, buf, (size_t)len) != len)
		err = -errno;
	close(fd);
	return err;
}

int kern_sysctl_set(const char *ifname, const char *key, int value)
{
	char path[256];
	struct kern_obj o = { .kind = KOBJ_SYSCTL };
	int old, err = sysctl_path(path, sizeof(path), ifname, key);

	if (err)
		return err;
	if (strlen(ifname) >= sizeof(o.ifname) || strlen(key) >= sizeof(o.key))
		return -ENAMETOOLONG;
	strcpy(o.ifname, ifname);
	strcpy(o.key, key);
	if (kern_ledger_has(&o))
		return sysctl_write(path, value);
	err = kern_sysctl_get(ifname, key, &old);
	if (err)
		return err;
	if (old == value)
		return 0;
	err = sysctl_write(path, value);
	if (err)
		return err;
	o.old_value = old;
	return kern_ledger_add(&o);
}
