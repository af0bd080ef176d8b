/* The wiphy -> netdev lookup against a sysfs-shaped tree in a temporary directory
 * (the same layout the kernel makes: class/ieee80211/NAME/device is a symlink to
 * the hwsimN device, whose net/ directory lists the interfaces). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "netdev.h"

struct tree {
	char root[64];
};

static void mkdirs(const char *root, const char *rel)
{
	char path[512], *p;

	snprintf(path, sizeof(path), "%s/%s/", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
		*p = '/';
	}
}

static void add_radio(const char *root, const char *wiphy, int idx, const char *const *ifs)
{
	char rel[256], link[512], target[64];

	snprintf(rel, sizeof(rel), "devices/virtual/mac80211_hwsim/hwsim%d/ieee80211/%s", idx,
		 wiphy);
	mkdirs(root, rel);
	for (; *ifs; ifs++) {
		snprintf(rel, sizeof(rel), "devices/virtual/mac80211_hwsim/hwsim%d/net/%s", idx,
			 *ifs);
		mkdirs(root, rel);
	}
	mkdirs(root, "class/ieee80211");
	snprintf(link, sizeof(link), "%s/class/ieee80211/%s", root, wiphy);
	snprintf(rel, sizeof(rel), "../../devices/virtual/mac80211_hwsim/hwsim%d/ieee80211/%s",
		 idx, wiphy);
	assert_int_equal(symlink(rel, link), 0);
	snprintf(link, sizeof(link),
		 "%s/devices/virtual/mac80211_hwsim/hwsim%d/ieee80211/%s/device", root, idx, wiphy);
	snprintf(target, sizeof(target), "../../../hwsim%d", idx);
	assert_int_equal(symlink(target, link), 0);
}

static int setup(void **state)
{
	static const char *const one[] = { "wlan2", NULL };
	static const char *const two[] = { "wlan3", "p2p-dev-x", NULL };
	static const char *const none[] = { NULL };
	struct tree *t = calloc(1, sizeof(*t));

	strcpy(t->root, "/tmp/mip6-hwsim-test-XXXXXX");
	assert_non_null(mkdtemp(t->root));
	add_radio(t->root, "mip6lab-a", 3, one);
	add_radio(t->root, "mip6lab-b", 4, two);
	add_radio(t->root, "mip6lab-novif", 5, none);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tree *t = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->root);
	assert_int_equal(system(cmd), 0);
	free(t);
	return 0;
}

static void test_found(void **state)
{
	struct tree *t = *state;
	char ifname[16];

	assert_int_equal(hwsim_wiphy_netdev(t->root, "mip6lab-a", ifname, sizeof(ifname)), 0);
	assert_string_equal(ifname, "wlan2");
	/* Several interfaces: the first in name order, every time. */
	assert_int_equal(hwsim_wiphy_netdev(t->root, "mip6lab-b", ifname, sizeof(ifname)), 0);
	assert_string_equal(ifname, "p2p-dev-x");
}

static void test_missing(void **state)
{
	struct tree *t = *state;
	char ifname[16] = "unchanged";

	assert_int_equal(hwsim_wiphy_netdev(t->root, "mip6lab-none", ifname, sizeof(ifname)),
			 -ENOENT);
	assert_int_equal(hwsim_wiphy_netdev(t->root, "mip6lab-novif", ifname, sizeof(ifname)),
			 -ENOENT);
	assert_string_equal(ifname, "unchanged");
}

static void test_refuses(void **state)
{
	struct tree *t = *state;
	char small[4];

	assert_int_equal(hwsim_wiphy_netdev(t->root, "mip6lab-a", small, sizeof(small)),
			 -ENAMETOOLONG);
	assert_int_equal(hwsim_wiphy_netdev(t->root, "../ieee80211/mip6lab-a", small, 4),
			 -EINVAL);
	assert_int_equal(hwsim_wiphy_netdev(t->root, "..", small, 4), -EINVAL);
	assert_int_equal(hwsim_wiphy_netdev(t->root, "", small, 4), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_refuses),
	};

	return cmocka_run_group_tests_name("hwsim-netdev", tests, setup, teardown);
}
