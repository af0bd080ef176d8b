/* net.ipv6.conf.IF.KEY through /proc/sys (per network namespace). */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kern.h"
#include "kern_ledger.h"

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

/* What identifies a sysctl we changed: its interface and key. */
struct sysctl_id {
	char ifname[IF_NAMESIZE];
	char key[48];
};

/* The value it had before mip6d, restored at exit. */
struct sysctl_old {
	struct sysctl_id id;
	int value;
};

static int sysctl_undo(const void *arg)
{
	const struct sysctl_old *o = arg;
	char path[256];
	int err = sysctl_path(path, sizeof(path), o->id.ifname, o->id.key);

	return err ? err : sysctl_write(path, o->value);
}

int kern_sysctl_set(const char *ifname, const char *key, int value)
{
	char path[256];
	struct sysctl_old o;
	int err = sysctl_path(path, sizeof(path), ifname, key);

	if (err)
		return err;
	memset(&o, 0, sizeof(o));
	if (strlen(ifname) >= sizeof(o.id.ifname) || strlen(key) >= sizeof(o.id.key))
		return -ENAMETOOLONG;
	strcpy(o.id.ifname, ifname);
	strcpy(o.id.key, key);
	if (kern_ledger_has(sysctl_undo, &o.id, sizeof(o.id)))
		return sysctl_write(path, value);
	err = kern_sysctl_get(ifname, key, &o.value);
	if (err)
		return err;
	if (o.value == value)
		return 0;
	err = sysctl_write(path, value);
	if (err)
		return err;
	return kern_defer(sysctl_undo, &o.id, sizeof(o.id), &o, sizeof(o));
}
