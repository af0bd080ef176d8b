/* mip6-hwsim: create, list and delete mac80211_hwsim radios by name, so that the
 * lab only ever touches radios that carry its own prefix. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "genl.h"
#include "netdev.h"

#define EXIT_USAGE 2

static const char *progname = "mip6-hwsim";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [--netns NS] COMMAND [ARGS]\n"
		"  new NAME [--channels N]  create a radio whose wiphy is NAME;\n"
		"                           prints \"NAME id=ID netdev=IFNAME\"\n"
		"  del NAME                 delete the radio NAME\n"
		"  list [--prefix P]        print \"NAME id=ID\" for each radio (whose name\n"
		"                           starts with P)\n"
		"  del-prefix P [--all-netns]\n"
		"                           delete every radio whose name starts with P\n"
		"                           (in this namespace, and with --all-netns also\n"
		"                           in every namespace under /run/netns)\n"
		"options:\n"
		"  --netns NS   act in network namespace NS (/run/netns/NS); the kernel only\n"
		"               shows and deletes radios of the caller's namespace\n"
		"  -h, --help   this text\n", progname);
}

static int __attribute__((format(printf, 1, 2))) usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage(stderr);
	return EXIT_USAGE;
}

/* Names become sysfs directory names and iw arguments: keep them plain. */
static int valid_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > HWSIM_NAME_MAX || s[0] == '.' || s[0] == '-')
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == n;
}

static int fail(struct hwsim_genl *g, int err, const char *what, const char *name)
{
	fprintf(stderr, "%s: %s%s%s: %s", progname, what, name ? " " : "", name ? name : "",
		strerror(-err));
	if (g && g->errmsg[0])
		fprintf(stderr, " (%s)", g->errmsg);
	if (err == -EPERM)
		fprintf(stderr, "; this needs CAP_NET_ADMIN (run as root)");
	fputc('\n', stderr);
	return EXIT_FAILURE;
}

static int enter_netns(const char *ns)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s%s", strchr(ns, '/') ? "" : "/run/netns/", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "%s: cannot enter network namespace %s: %s\n", progname, ns,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_FAILURE;
	}
	close(fd);
	return 0;
}

/* --netns takes effect here, after the command line was found sound, so that a
 * bad command line exits 2 whatever the namespace. */
static const char *opt_netns;

static int open_family(struct hwsim_genl *g)
{
	int ret;

	if (opt_netns) {
		if ((ret = enter_netns(opt_netns)))
			return ret;
		opt_netns = NULL;
	}
	ret = hwsim_genl_open(g);

	if (ret == -ENOENT) {
		fprintf(stderr, "%s: mac80211_hwsim is not loaded "
			"(modprobe mac80211_hwsim radios=0)\n", progname);
		return EXIT_FAILURE;
	}
	if (ret < 0)
		return fail(NULL, ret, "cannot reach the kernel's generic netlink", NULL);
	return 0;
}

/* Options of a subcommand, wherever they stand; argv[0] is the subcommand. */
static int sub_getopt(int argc, char **argv, const struct option *opts)
{
	return getopt_long(argc, argv, "h", opts, NULL);
}

static int cmd_new(int argc, char **argv, const char *netns)
{
	static const struct option opts[] = {
		{ "channels", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	unsigned long channels = 1;
	struct hwsim_genl g;
	struct hwsim_radio r;
	char netdev[64], *end;
	const char *name;
	uint32_t id;
	int c, ret;

	while ((c = sub_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'c':
			errno = 0;
			channels = strtoul(optarg, &end, 10);
			if (errno || *end || end == optarg || channels < 1 || channels > 64)
				return usage_error("new: --channels wants a number from 1 to 64, "
						   "not '%s'", optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return usage_error("new: wants exactly one NAME");
	name = argv[optind];
	if (!valid_name(name))
		return usage_error("new: '%s' is not a usable radio name (1-64 of A-Z a-z "
				   "0-9 _ . -, not starting with . or -)", name);
	/* Radios share the air only with radios created in the same namespace, so
	 * the lab creates them all here and moves them with `iw phy NAME set netns`. */
	if (netns)
		return usage_error("new: --netns is refused: a radio created in another "
				   "namespace would not hear the lab's other radios");
	if ((ret = open_family(&g)))
		return ret;
	ret = hwsim_genl_new_radio(&g, name, (uint32_t)channels, &id);
	if (ret < 0) {
		ret = fail(&g, ret, "cannot create radio", name);
		goto out;
	}
	/* cfg80211 silently falls back to phyN when the name is taken, also by a
	 * radio in another namespace, where we cannot see it. */
	ret = hwsim_genl_get_radio(&g, id, &r);
	if (ret < 0) {
		ret = fail(&g, ret, "created radio id", NULL);
		goto out;
	}
	if (strcmp(r.name, name) != 0) {
		hwsim_genl_del_radio_id(&g, id);
		fprintf(stderr, "%s: the kernel refused the name %s (taken by a wiphy in "
			"this or another namespace, or phy<number> with another number) and "
			"called the radio %s; deleted it\n", progname, name, r.name);
		ret = EXIT_FAILURE;
		goto out;
	}
	ret = hwsim_wiphy_netdev("/sys", name, netdev, sizeof(netdev));
	if (ret < 0) {
		fprintf(stderr, "%s: warning: no network interface found for %s: %s\n",
			progname, name, strerror(-ret));
		strcpy(netdev, "-");
	}
	printf("%s id=%u netdev=%s\n", name, id, netdev);
	ret = 0;
out:
	hwsim_genl_close(&g);
	return ret;
}

static int cmd_del(int argc, char **argv, const char *netns)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { 0 } };
	struct hwsim_genl g;
	int c, ret;

	(void)netns;
	while ((c = sub_getopt(argc, argv, opts)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		usage(stderr);
		return EXIT_USAGE;
	}
	if (optind != argc - 1)
		return usage_error("del: wants exactly one NAME");
	if (!valid_name(argv[optind]))
		return usage_error("del: '%s' is not a usable radio name", argv[optind]);
	if ((ret = open_family(&g)))
		return ret;
	ret = hwsim_genl_del_radio_name(&g, argv[optind]);
	if (ret == -ENODEV) {
		fprintf(stderr, "%s: no radio named %s in this network namespace\n", progname,
			argv[optind]);
		ret = EXIT_FAILURE;
	} else if (ret < 0) {
		ret = fail(&g, ret, "cannot delete radio", argv[optind]);
	}
	hwsim_genl_close(&g);
	return ret;
}

/* Lists radios whose names start with prefix, dropping unparsable replies with a
 * warning (they make the answer incomplete: the caller exits 1). */
static int dump(struct hwsim_genl *g, struct hwsim_radio_list *list)
{
	int ret = hwsim_genl_dump(g, list);

	if (ret < 0)
		return fail(g, ret, "cannot list radios", NULL);
	if (list->malformed)
		fprintf(stderr, "%s: %u malformed radio replies dropped\n", progname,
			list->malformed);
	return 0;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int cmd_list(int argc, char **argv, const char *netns)
{
	static const struct option opts[] = {
		{ "prefix", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct hwsim_radio_list list = { 0 };
	const char *prefix = "";
	struct hwsim_genl g;
	int c, ret;

	(void)netns;
	while ((c = sub_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'p':
			prefix = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return usage_error("list: unexpected argument '%s'", argv[optind]);
	if ((ret = open_family(&g)))
		return ret;
	if ((ret = dump(&g, &list)) == 0) {
		for (size_t i = 0; i < list.n; i++)
			if (starts_with(list.v[i].name, prefix))
				printf("%s id=%u\n", list.v[i].name, list.v[i].id);
		ret = list.malformed ? EXIT_FAILURE : 0;
	}
	hwsim_radio_list_free(&list);
	hwsim_genl_close(&g);
	return ret;
}

/* Deletes the radios named PREFIX* that the current namespace sees; "where" names
 * that namespace in the output when it is not the caller's own. */
static int del_prefix_here(const char *prefix, const char *where)
{
	struct hwsim_radio_list list = { 0 };
	struct hwsim_genl g;
	int ret, err;

	if ((ret = open_family(&g)))
		return ret;
	if ((ret = dump(&g, &list)) == 0) {
		for (size_t i = 0; i < list.n; i++) {
			const struct hwsim_radio *r = &list.v[i];

			if (!starts_with(r->name, prefix))
				continue;
			/* By id: the name might have been reused since the dump. */
			err = hwsim_genl_del_radio_id(&g, r->id);
			if (err == -ENODEV)
				continue;	/* gone meanwhile: what we wanted */
			if (err < 0) {
				ret = fail(&g, err, "cannot delete radio", r->name);
				continue;
			}
			printf("deleted %s id=%u%s%s\n", r->name, r->id, where ? " netns=" : "",
			       where ? where : "");
		}
		if (list.malformed)
			ret = EXIT_FAILURE;
	}
	hwsim_radio_list_free(&list);
	hwsim_genl_close(&g);
	return ret;
}

/* The kernel only lets a namespace see and delete its own radios: visit the
 * caller's namespace, then every one that `ip netns` knows. */
static int del_prefix_all_netns(const char *prefix)
{
	int self, ret, r;
	struct dirent *de;
	DIR *dir;

	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0) {
		fprintf(stderr, "%s: cannot open /proc/self/ns/net: %s\n", progname,
			strerror(errno));
		return EXIT_FAILURE;
	}
	ret = del_prefix_here(prefix, NULL);
	dir = opendir("/run/netns");
	if (!dir && errno != ENOENT) {
		fprintf(stderr, "%s: cannot list /run/netns: %s\n", progname, strerror(errno));
		ret = EXIT_FAILURE;
	}
	while (dir && (de = readdir(dir))) {
		char path[4096];
		int fd;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/run/netns/%s", de->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && setns(fd, CLONE_NEWNET) == 0) {
			r = del_prefix_here(prefix, de->d_name);
			if (r)
				ret = r;
			if (setns(self, CLONE_NEWNET) < 0) {
				fprintf(stderr, "%s: cannot return to the initial namespace: %s\n",
					progname, strerror(errno));
				exit(EXIT_FAILURE);
			}
		} else if (errno == EINVAL) {
			/* A leftover file whose namespace is gone (not an nsfs mount). */
			fprintf(stderr, "%s: skipping %s: not a network namespace\n", progname,
				path);
		} else {
			fprintf(stderr, "%s: cannot enter %s: %s\n", progname, path,
				strerror(errno));
			ret = EXIT_FAILURE;
		}
		if (fd >= 0)
			close(fd);
	}
	if (dir)
		closedir(dir);
	close(self);
	return ret;
}

static int cmd_del_prefix(int argc, char **argv, const char *netns)
{
	static const struct option opts[] = {
		{ "all-netns", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *prefix;
	int c, all = 0;

	while ((c = sub_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case 'a':
			all = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return usage_error("del-prefix: wants exactly one PREFIX");
	prefix = argv[optind];
	if (!*prefix)
		return usage_error("del-prefix: refusing an empty prefix: it would delete "
				   "every radio, also those the lab did not create");
	if (all && netns)
		return usage_error("del-prefix: --all-netns and --netns exclude each other");
	return all ? del_prefix_all_netns(prefix) : del_prefix_here(prefix, NULL);
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv, const char *netns);
} commands[] = {
	{ "new", cmd_new },
	{ "del", cmd_del },
	{ "list", cmd_list },
	{ "del-prefix", cmd_del_prefix },
};

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "netns", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *netns = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			netns = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[optind], commands[i].name) != 0)
			continue;
		opt_netns = netns;
		argc -= optind;
		argv += optind;
		optind = 0;	/* restart getopt for the subcommand's own options */
		return commands[i].run(argc, argv, netns);
	}
	return usage_error("unknown command '%s'", argv[optind]);
}
