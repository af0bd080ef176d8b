/* Config parser: the article's two files load unchanged; every error names
 * FILE:LINE:COL and says what is wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static void test_article_ha(void **state)
{
	struct config c;
	char err[600] = "";

	(void)state;
	assert_int_equal(config_load(&c, "daemon/examples/mip6d-ha.conf", err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_int_equal(c.role, NODE_HA);
	assert_int_equal(c.debug_level, 0);
	assert_int_equal(c.n_ifaces, 1);
	assert_string_equal(c.ifaces[0], "wlan0");
	assert_false(c.use_mn_ha_ipsec);
	assert_int_equal(c.ha_max_binding_life, 262140);
	assert_true(c.ha_dad);
}

static void test_article_mn(void **state)
{
	struct config c;
	char err[600] = "", buf[INET6_ADDRSTRLEN];

	(void)state;
	assert_int_equal(config_load(&c, "daemon/examples/mip6d-mn.conf", err, sizeof(err)), 0);
	assert_int_equal(c.role, NODE_MN);
	assert_int_equal(c.debug_level, 7);
	assert_int_equal(c.n_ifaces, 1);
	assert_int_equal(c.n_home_links, 1);
	assert_string_equal(c.home_links[0].ifname, "wlan0");
	inet_ntop(AF_INET6, &c.home_links[0].hoa, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::beef");
	assert_int_equal(c.home_links[0].hoa_plen, 64);
	inet_ntop(AF_INET6, &c.home_links[0].ha, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::");
	assert_int_equal(c.bindack_first_reg_ms, 1500);
	assert_int_equal(c.bindack_rereg_ms, 1000);
	assert_false(c.optimistic_handoff);
}

static void test_all_keywords(void **state)
{
	static const char text[] =
		"NodeConfig MN; # trailing comment\n"
		"DebugLevel 3;\n"
		"Interface \"eth1\";\n"
		"MnHomeLink \"wlan0\" { HomeAddress 2001:db8::beef/64; HomeAgentAddress 2001:db8::1; };\n"
		"MnMaxHaBindingLife 120;\n"
		"HaMaxBindingLife 60;\n"
		"InitialBindackTimeoutFirstReg 0.25;\n"
		"InitialBindackTimeoutReReg 2;\n"
		"OptimisticHandoff enabled;\n"
		"MnRouterProbes 2;\n"
		"HaDuplicateAddressDetection disabled;\n"
		"DoRouteOptimizationMN disabled;\n"
		"UseCnBuAck disabled;\n"
		"UseMnHaIPsec enabled;\n"
		"IPsecPolicySet {\n HomeAgentAddress 2001:db8::1;\n HomeAddress 2001:db8::beef/64;\n"
		" IPsecPolicy HomeRegBinding UseESP 7 8;\n}\n";
	struct config c;
	char err[600] = "";

	(void)state;
	assert_int_equal(config_parse(&c, "t.conf", text, err, sizeof(err)), 0);
	assert_int_equal(c.debug_level, 3);
	/* The home link joins the MN's interfaces. */
	assert_int_equal(c.n_ifaces, 2);
	assert_string_equal(c.ifaces[1], "wlan0");
	assert_int_equal(c.mn_max_ha_binding_life, 120);
	assert_int_equal(c.ha_max_binding_life, 60);
	assert_int_equal(c.bindack_first_reg_ms, 250);
	assert_int_equal(c.bindack_rereg_ms, 2000);
	assert_true(c.optimistic_handoff);
	assert_int_equal(c.mn_router_probes, 2);
	assert_false(c.ha_dad);
	assert_false(c.ro_mn);
	assert_true(c.ro_cn);
	assert_false(c.use_cn_bu_ack);
	assert_true(c.use_mn_ha_ipsec);
	assert_int_equal(c.n_ipsec_sets, 1);
	assert_true(c.ipsec_sets[0].home_reg);
	assert_int_equal(c.ipsec_sets[0].hoa_plen, 64);
	assert_int_equal(c.ipsec_sets[0].reqid_to_ha, 7);
	assert_int_equal(c.ipsec_sets[0].reqid_to_mn, 8);
}

struct err_case {
	const char *text;
	const char *message;
};

static const struct err_case err_cases[] = {
	{ "NodeConfig HA;\nInterface \"wlan0\";\nFooBar 1;\n",
	  "e.conf:3:1: unknown keyword 'FooBar'" },
	{ "NodeConfig HA;\nDebugLevel 1\nInterface \"wlan0\";\n",
	  "e.conf:3:1: expected ';', got 'Interface'" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nUseMnHaIPsec enabled;\n",
	  "e.conf:3:1: UseMnHaIPsec enabled needs an IPsecPolicySet block" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nIPsecPolicySet {\n HomeAgentAddress 2001:db8::;\n"
	  " HomeAddress 2001:db8::beef/64;\n IPsecPolicy TunnelPayload UseESP 1 2;\n}\n",
	  "e.conf:6:14: IPsecPolicy TunnelPayload: not supported yet" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nIPsecPolicySet {\n HomeAgentAddress 2001:db8::;\n"
	  " IPsecPolicy HomeRegBinding UseESP;\n}\n",
	  "e.conf:6:1: IPsecPolicySet needs a HomeAgentAddress, a HomeAddress and an "
	  "IPsecPolicy HomeRegBinding" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nIPsecPolicySet {\n HomeAgentAddress 2001:db8::;\n"
	  " HomeAddress 2001:db8::beef/64;\n IPsecPolicy HomeRegBinding UseAH;\n}\n",
	  "e.conf:6:29: IPsecPolicy UseAH: not supported yet" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nIPsecPolicySet {\n HomeAgentAddress 2001:db8::;\n"
	  " HomeAddress 2001:db8::beef/64;\n IPsecPolicy HomeRegBinding UseESP x;\n}\n",
	  "e.conf:6:36: IPsecPolicy reqid: expected a number, got 'x'" },
	{ "NodeConfig MN;\nMnHomeLink \"wlan0\" {\n HomeAddress 2001:db8::beef/64;\n"
	  " HomeAgentAddress 2001:db8::;\n}\nIPsecPolicySet {\n HomeAgentAddress 2001:db8::1;\n"
	  " HomeAddress 2001:db8::beef/64;\n IPsecPolicy HomeRegBinding UseESP;\n}\n",
	  "e.conf:6:1: IPsecPolicySet: no MnHomeLink has this HomeAddress and "
	  "HomeAgentAddress" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nNonVolatileBindingCache disabled;\n",
	  "e.conf:3:1: NonVolatileBindingCache: not supported yet" },
	{ "NodeConfig XX;\n", "e.conf:1:12: NodeConfig: expected CN, HA or MN, got 'XX'" },
	{ "NodeConfig HA;\nInterface wlan0;\n",
	  "e.conf:2:11: Interface: expected a quoted interface name, got 'wlan0'" },
	{ "NodeConfig HA;\nInterface \"wlan0;\n", "e.conf:2:11: unterminated string" },
	{ "NodeConfig HA;\nInterface \"averyveryverylongname\";\n",
	  "e.conf:2:11: Interface: invalid interface name \"averyveryverylongname\"" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nDebugLevel x;\n",
	  "e.conf:3:12: DebugLevel: expected a number, got 'x'" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nDebugLevel 99;\n",
	  "e.conf:3:12: DebugLevel: 99 out of range 0..10" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nOptimisticHandoff maybe;\n",
	  "e.conf:3:19: OptimisticHandoff: expected enabled or disabled, got 'maybe'" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nInitialBindackTimeoutReReg 0;\n",
	  "e.conf:3:28: InitialBindackTimeoutReReg: 0 out of range 0.001..3600" },
	{ "NodeConfig MN;\nMnHomeLink \"wlan0\" {\n HomeAddress 2001:db8::zz/64;\n}\n",
	  "e.conf:3:14: HomeAddress: invalid IPv6 address '2001:db8::zz'" },
	{ "NodeConfig MN;\nMnHomeLink \"wlan0\" {\n HomeAddress 2001:db8::1;\n}\n",
	  "e.conf:3:14: HomeAddress: expected address/prefix-length, got '2001:db8::1'" },
	{ "NodeConfig MN;\nMnHomeLink \"wlan0\" {\n HomeAddress 2001:db8::1/129;\n}\n",
	  "e.conf:3:14: HomeAddress: prefix length '129' out of range 1..128" },
	{ "NodeConfig MN;\nMnHomeLink \"wlan0\" {\n HomeAddress 2001:db8::1/64;\n",
	  "e.conf:4:1: expected '}' to close MnHomeLink opened at 2:1, got end of file" },
	{ "NodeConfig MN;\nMnHomeLink \"wlan0\" {\n HomeAddress 2001:db8::1/64;\n}\n"
	  "MnMaxHaConsecutiveResends 17;\n",
	  "e.conf:5:27: MnMaxHaConsecutiveResends: 17 out of range 0..16" },
	{ "NodeConfig MN;\nMnHomeLink \"wlan0\" {\n Colour blue;\n}\n",
	  "e.conf:3:2: unknown keyword 'Colour' in MnHomeLink" },
	{ "NodeConfig MN;\nMnHomeLink \"wlan0\" HomeAddress;\n",
	  "e.conf:2:20: expected '{' after MnHomeLink name, got 'HomeAddress'" },
	{ "NodeConfig HA;\n", "e.conf:1:1: NodeConfig HA needs at least one Interface" },
	{ "NodeConfig MN;\nInterface \"wlan0\";\n",
	  "e.conf:1:1: NodeConfig MN needs a MnHomeLink block" },
	{ "DoRouteOptimizationCN maybe;\n",
	  "e.conf:1:23: DoRouteOptimizationCN: expected enabled or disabled, got 'maybe'" },
	{ "NodeConfig MN;\nMnHomeLink \"wlan0\" {\n MnRoPolicy 2001:db8::/200 enabled;\n}\n",
	  "e.conf:3:13: MnRoPolicy: prefix length '200' out of range 1..128" },
	{ "NodeConfig HA;\n}\n", "e.conf:2:1: expected a keyword, got '}'" },
	{ "NodeConfig HA;\nInterface \"wlan0\" { MnIfPreference 1; }\n",
	  "e.conf:2:19: Interface options: not supported yet" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nHaMaxBindingLife 300000;\n",
	  "e.conf:3:18: HaMaxBindingLife: 300000 out of range 0..262140" },
	{ "NodeConfig HA;\nInterface \"wlan0\"; $\n", "e.conf:2:20: expected a keyword, got '$'" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nHaProxyNd daemon;\n",
	  "e.conf:3:11: HaProxyNd: expected kernel or mip6d, got 'daemon'" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nBindingAclPolicy 2001:db8::1 allow;\n"
	  "BindingAclPolicy 2001:db8::2 deny;\nBindingAclPolicy 2001:db8:0::1 deny;\n",
	  "e.conf:5:18: BindingAclPolicy: 2001:db8::1 already given at 3:18" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nBindingAclPolicy 2001:db8::1 5;\n",
	  "e.conf:3:30: BindingAclPolicy: status 5 is neither 0 (accept) nor a refusal (128..255)" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nDefaultBindingAclPolicy maybe;\n",
	  "e.conf:3:25: DefaultBindingAclPolicy: expected allow, deny or a status, got 'maybe'" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nBindingAclPolicy 2001:db8::/64 deny;\n",
	  "e.conf:3:18: BindingAclPolicy: unexpected prefix length in '2001:db8::/64'" },
	{ "NodeConfig HA;\nInterface \"wlan0\";\nBindingAclPolicy 2001:db8::1;\n",
	  "e.conf:3:29: BindingAclPolicy: expected allow, deny or a status, got ';'" },
};

static void test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
		struct config c;
		char err[600] = "";

		assert_int_equal(config_parse(&c, "e.conf", err_cases[i].text, err, sizeof(err)), -1);
		if (strcmp(err, err_cases[i].message))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err,
				 err_cases[i].message);
	}
}

static void test_missing_file(void **state)
{
	struct config c;
	char err[600] = "";

	(void)state;
	assert_int_equal(config_load(&c, "/nonexistent/mip6d.conf", err, sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/mip6d.conf: No such file or directory");
}

/* Mutations of the article's file (bytes replaced, cut short) never crash the parser,
 * and each refusal is a positioned message. Run under ASan by `make asan`. */
static void test_mutations(void **state)
{
	static const char base[] =
		"NodeConfig MN;\nDebugLevel 7;\nUseMnHaIPsec disabled;\n"
		"Interface \"wlan0\";\nMnHomeLink \"wlan0\" {\n"
		"        HomeAddress 2001:db8::beef/64;\n        HomeAgentAddress 2001:db8::;\n}\n";
	static const char alphabet[] = "{};\"#/:. \n\tA9z\x01\xff";
	char text[sizeof(base)];
	unsigned ok = 0, refused = 0;

	(void)state;
	srand(1);
	for (int i = 0; i < 20000; i++) {
		struct config c;
		char err[600] = "";
		size_t len = sizeof(base) - 1;

		memcpy(text, base, sizeof(base));
		for (int k = rand() % 4; k >= 0; k--)
			text[rand() % len] = alphabet[rand() % (sizeof(alphabet) - 1)];
		if (rand() % 4 == 0)
			text[rand() % len] = '\0';
		if (config_parse(&c, "m.conf", text, err, sizeof(err)) == 0) {
			ok++;
			continue;
		}
		refused++;
		if (strncmp(err, "m.conf:", 7) || !strchr(err + 7, ':'))
			fail_msg("unpositioned error \"%s\" for:\n%s", err, text);
	}
	assert_true(ok > 0 && refused > 0);
}

/* SIGHUP: settings change in place; what the node is built on needs a restart. */
static void test_reload(void **state)
{
	struct config cur, next;
	char err[600];
	const char *base = "NodeConfig HA;\nInterface \"wlan0\";\n";

	(void)state;
	assert_int_equal(config_parse(&cur, "ha.conf", base, err, sizeof(err)), 0);
	assert_int_equal(config_parse(&next, "ha.conf",
				      "NodeConfig HA;\nInterface \"wlan0\";\n"
				      "HaMaxBindingLife 600;\nHaMaxBindings 10;\n",
				      err, sizeof(err)), 0);
	assert_int_equal(config_reload(&cur, &next, err, sizeof(err)), 0);
	assert_int_equal(cur.ha_max_binding_life, 600);
	assert_int_equal(cur.ha_max_bindings, 10);
	assert_int_equal(config_parse(&next, "ha.conf",
				      "NodeConfig HA;\nInterface \"wlan1\";\n", err,
				      sizeof(err)), 0);
	assert_int_equal(config_reload(&cur, &next, err, sizeof(err)), -1);
	assert_string_equal(err, "ha.conf: Interface changed: restart mip6d to apply it");
	assert_int_equal(cur.ha_max_binding_life, 600);
	assert_string_equal(cur.ifaces[0], "wlan0");
	/* who answers for the home addresses: the kernel's entries or mip6d's socket */
	assert_false(cur.ha_proxy_nd_daemon);
	assert_int_equal(config_parse(&next, "ha.conf",
				      "NodeConfig HA;\nInterface \"wlan0\";\nHaProxyNd mip6d;\n",
				      err, sizeof(err)), 0);
	assert_true(next.ha_proxy_nd_daemon);
	assert_int_equal(config_reload(&cur, &next, err, sizeof(err)), -1);
	assert_string_equal(err, "ha.conf: HaProxyNd changed: restart mip6d to apply it");
}

/* The binding ACL (UMIP's DefaultBindingAclPolicy and BindingAclPolicy): each listed
 * address its status, in any order of the file; the rest the default. */
static void test_binding_acl(void **state)
{
	static const char text[] =
		"NodeConfig HA;\nInterface \"eth0\";\nDefaultBindingAclPolicy deny;\n"
		"BindingAclPolicy 2001:db8::9 allow;\nBindingAclPolicy 2001:db8::3 131;\n"
		"BindingAclPolicy 2001:db8::5 enabled;\nBindingAclPolicy 2001:db8::7 deny;\n";
	struct config c, next;
	struct in6_addr a;
	char err[600] = "";

	(void)state;
	assert_int_equal(config_parse(&c, "acl.conf", text, err, sizeof(err)), 0);
	assert_int_equal(c.n_acl, 4);
	inet_pton(AF_INET6, "2001:db8::9", &a);
	assert_int_equal(config_acl_status(&c, &a), 0);
	inet_pton(AF_INET6, "2001:db8::5", &a);
	assert_int_equal(config_acl_status(&c, &a), 0);
	inet_pton(AF_INET6, "2001:db8::3", &a);
	assert_int_equal(config_acl_status(&c, &a), 131);
	inet_pton(AF_INET6, "2001:db8::7", &a);
	assert_int_equal(config_acl_status(&c, &a), 129);
	inet_pton(AF_INET6, "2001:db8::4", &a);
	assert_int_equal(config_acl_status(&c, &a), 129);       /* the default */
	/* No ACL at all: every address allowed, as in UMIP. */
	assert_int_equal(config_parse(&next, "acl.conf", "NodeConfig HA;\nInterface \"eth0\";\n",
				      err, sizeof(err)), 0);
	assert_int_equal(config_acl_status(&next, &a), 0);
	/* A reload takes the new list (and frees the old: ASan would tell). */
	assert_int_equal(config_reload(&c, &next, err, sizeof(err)), 0);
	assert_int_equal(c.n_acl, 0);
	assert_int_equal(config_acl_status(&c, &a), 0);
	assert_int_equal(config_parse(&next, "acl.conf", text, err, sizeof(err)), 0);
	assert_int_equal(config_reload(&c, &next, err, sizeof(err)), 0);
	assert_null(next.acl);
	assert_int_equal(config_acl_status(&c, &a), 129);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_article_ha),
		cmocka_unit_test(test_article_mn),
		cmocka_unit_test(test_all_keywords),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_reload),
		cmocka_unit_test(test_binding_acl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
