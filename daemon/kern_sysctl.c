/* net.ipv6.conf.IF.KEY through /proc/sys (per network namespace). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

static const char *state_dir = KERN_STATE_DIR;

void kern_sysctl_state_dir(const char *dir)
{
	state_dir = dir ? dir : KERN_STATE_DIR;
}

/* The start of the state files' names in this network namespace: home agents in
 * several namespaces share /run. */
static int state_prefix(char *p, size_t n)
{
	struct stat st;

	if (stat("/proc/self/ns/net", &st) < 0)
		return -errno;
	snprintf(p, n, "sysctl-%llu-", (unsigned long long)st.st_ino);
	return 0;
}

/* The file keeping ifname's key from before mip6d. */
static int state_path(char *p, size_t n, const char *ifname, const char *key)
{
	char prefix[64];
	int err = state_prefix(prefix, sizeof(prefix));

	if (err)
		return err;
	if ((size_t)snprintf(p, n, "%s/%s%s-%s", state_dir, prefix, ifname, key) >= n)
		return -ENAMETOOLONG;
	return 0;
}

/* "VALUE PID": the value from before mip6d, and the mip6d that changed it. */
static bool state_parse(const char *path, int *value, long *pid)
{
	FILE *f = fopen(path, "re");
	bool ok;

	if (!f)
		return false;
	ok = fscanf(f, "%d %ld", value, pid) == 2;
	fclose(f);
	return ok;
}

/* Kept before the change, so that no moment exists when the change is made and the
 * value it replaced is nowhere; a failure only costs the restore after a kill. */
static void state_write(const char *path, int value)
{
	char tmp[520];
	FILE *f;

	if (mkdir(state_dir, 0700) < 0 && errno != EEXIST)
		return;
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "we");
	if (!f)
		return;
	if (fprintf(f, "%d %ld\n", value, (long)getpid()) < 0 || fclose(f) != 0 ||
	    rename(tmp, path) < 0)
		unlink(tmp);
}

int kern_sysctl_sweep(void)
{
	char prefix[64], path[512], sys[256];
	struct dirent *d;
	int n = 0, value, err = state_prefix(prefix, sizeof(prefix));
	long pid;
	DIR *dir;

	if (err)
		return err;
	dir = opendir(state_dir);
	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	while ((d = readdir(dir))) {
		char name[256], *key;

		if (strncmp(d->d_name, prefix, strlen(prefix)))
			continue;
		/* IFNAME-KEY: a key has no '-', a name may. */
		snprintf(name, sizeof(name), "%s", d->d_name + strlen(prefix));
		key = strrchr(name, '-');
		if (!key || strstr(key, ".new"))
			continue;
		*key++ = '\0';
		snprintf(path, sizeof(path), "%s/%s", state_dir, d->d_name);
		if (!state_parse(path, &value, &pid))
			continue;
		if (pid != getpid() && kill((pid_t)pid, 0) == 0)
			continue;       /* its mip6d runs: it restores it itself */
		/* (an interface gone since: nothing to restore, the file goes all the same) */
		if (sysctl_path(sys, sizeof(sys), name, key) == 0 && sysctl_write(sys, value) == 0)
			n++;
		unlink(path);
	}
	closedir(dir);
	return n;
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
	char path[256], state[512];
	int err = sysctl_path(path, sizeof(path), o->id.ifname, o->id.key);

	if (!err)
		err = sysctl_write(path, o->value);
	if (!err && state_path(state, sizeof(state), o->id.ifname, o->id.key) == 0)
		unlink(state);
	return err;
}

int kern_sysctl_set(const char *ifname, const char *key, int value)
{
	char path[256], state[512];
	struct sysctl_old o;
	int err = sysctl_path(path, sizeof(path), ifname, key), now;
	bool has_state, left;
	long pid;

	if (err)
		return err;
	memset(&o, 0, sizeof(o));
	if (strlen(ifname) >= sizeof(o.id.ifname) || strlen(key) >= sizeof(o.id.key))
		return -ENAMETOOLONG;
	strcpy(o.id.ifname, ifname);
	strcpy(o.id.key, key);
	if (kern_ledger_has(sysctl_undo, &o.id, sizeof(o.id)))
		return sysctl_write(path, value);
	err = kern_sysctl_get(ifname, key, &now);
	if (err)
		return err;
	/* A killed mip6d's change is still in place: the value from before it is the one
	 * to restore. */
	has_state = state_path(state, sizeof(state), ifname, key) == 0;
	left = has_state && state_parse(state, &o.value, &pid);
	if (!left)
		o.value = now;
	if (o.value == value) {
		if (has_state)
			unlink(state);
		return now == value ? 0 : sysctl_write(path, value);
	}
	if (has_state && !left)
		state_write(state, o.value);
	if (now != value) {
		err = sysctl_write(path, value);
		if (err && has_state && !left)
			unlink(state);
		if (err)
			return err;
	}
	return kern_defer(sysctl_undo, &o.id, sizeof(o.id), &o, sizeof(o));
}
