/* libFuzzer harness over config_parse() (daemon/config.c): any text. No crash, and
 *  - a refusal says where, "NAME:LINE:COL: message", at a line and column the text has
 *    (the column may be one past the line's end: the token that is missing);
 *  - an accepted file is one the daemon can run with: the role has its interfaces or
 *    home links, names are terminated and unique, values within their ranges; and
 *    reloading it onto itself (config_reload, SIGHUP) changes nothing.
 *
 *   make daemon-config-fuzz FUZZ_SECONDS=60 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fuzz_util.h"

#define NAME "fuzz.conf"

/* Length of line `line` (1-based) of text, or -1 when the text has no such line. */
static long line_len(const char *text, long line)
{
	const char *p = text, *nl;

	for (long i = 1; i < line; i++) {
		nl = strchr(p, '\n');
		if (!nl)
			return -1;
		p = nl + 1;
	}
	nl = strchr(p, '\n');
	return nl ? nl - p : (long)strlen(p);
}

static void check_error(const char *text, const char *err)
{
	const char *p = err + strlen(NAME ":");
	char *end;
	long line, col, len;

	CHECK(!strncmp(err, NAME ":", strlen(NAME ":")), "error without the file name: %s", err);
	line = strtol(p, &end, 10);
	CHECK(end > p && *end == ':', "error without a line: %s", err);
	p = end + 1;
	col = strtol(p, &end, 10);
	CHECK(end > p && !strncmp(end, ": ", 2) && end[2], "error without a column: %s", err);
	len = line_len(text, line);
	CHECK(line >= 1 && len >= 0, "error at line %ld, which the text has not: %s", line, err);
	CHECK(col >= 1 && col <= len + 1, "error at column %ld of a line of %ld: %s", col, len,
	      err);
}

static bool name_ok(const char *s)
{
	size_t n = strnlen(s, IF_NAMESIZE);

	return n > 0 && n < IF_NAMESIZE;
}

static void check_config(struct config *c)
{
	char err[600];
	struct config again = *c, orig = *c;

	CHECK(c->role == NODE_HA || c->role == NODE_MN || c->role == NODE_CN, "role %d accepted",
	      c->role);
	CHECK(c->role != NODE_HA || c->n_ifaces > 0, "home agent without an interface");
	CHECK(c->role != NODE_MN || c->n_home_links > 0, "mobile node without a home link");
	CHECK(c->n_ifaces <= CONF_MAX_IFACES && c->n_home_links <= CONF_MAX_HOME_LINKS,
	      "%u interfaces, %u home links", c->n_ifaces, c->n_home_links);
	for (unsigned i = 0; i < c->n_ifaces; i++) {
		CHECK(name_ok(c->ifaces[i]), "interface %u: bad name", i);
		for (unsigned j = 0; j < i; j++)
			CHECK(strcmp(c->ifaces[i], c->ifaces[j]), "interface %s twice", c->ifaces[i]);
	}
	for (unsigned i = 0; i < c->n_home_links; i++) {
		const struct conf_home_link *hl = &c->home_links[i];

		/* HomeAgentAddress may be left out: the home agent is then discovered. */
		CHECK(name_ok(hl->ifname) && hl->has_hoa, "home link %u incomplete", i);
		CHECK(hl->has_ha || IN6_IS_ADDR_UNSPECIFIED(&hl->ha),
		      "home link %u: a home agent without HomeAgentAddress", i);
		CHECK(c->mn_max_ha_resends <= 16, "MnMaxHaConsecutiveResends %u", c->mn_max_ha_resends);
		CHECK(c->mn_ha_probe_ms <= 3600000, "MnHaTunnelProbeInterval %u ms", c->mn_ha_probe_ms);
		CHECK(hl->hoa_plen >= 1 && hl->hoa_plen <= 128, "home prefix length %u",
		      hl->hoa_plen);
		/* The home link is one of the MN's interfaces, listed or not. */
		CHECK(c->role != NODE_MN || config_has_iface(c, hl->ifname),
		      "home link %s is no interface", hl->ifname);
		CHECK(hl->n_ro_policies <= CONF_MAX_RO_POLICIES, "%u MnRoPolicy", hl->n_ro_policies);
		for (unsigned k = 0; k < hl->n_ro_policies; k++)
			CHECK(hl->ro_policies[k].plen <= 128, "MnRoPolicy prefix length %u",
			      hl->ro_policies[k].plen);
	}
	CHECK(c->debug_level >= 0 && c->debug_level <= 10, "DebugLevel %d", c->debug_level);
	CHECK(c->ha_max_binding_life <= 262140 && c->mn_max_ha_binding_life <= 262140,
	      "binding lifetime over 65535 units");
	CHECK(c->bindack_first_reg_ms >= 1 && c->bindack_first_reg_ms <= 3600000 &&
	      c->bindack_rereg_ms >= 1 && c->bindack_rereg_ms <= 3600000, "bindack timeouts");
	CHECK(c->mn_router_probes <= 16, "MnRouterProbes %u", c->mn_router_probes);
	CHECK(c->ha_max_bindings <= CONF_MAX_BINDINGS &&
	      c->ha_max_bindings_per_prefix <= CONF_MAX_BINDINGS &&
	      c->ha_max_pending_dad <= CONF_MAX_PENDING_DAD &&
	      c->ha_max_pending_dad_per_prefix <= CONF_MAX_PENDING_DAD, "limits out of range");
	CHECK(!c->use_mn_ha_ipsec, "an unsupported feature enabled");
	CHECK(c->acl_default == 0 || c->acl_default >= 128, "DefaultBindingAclPolicy %u",
	      c->acl_default);
	for (size_t i = 0; i < c->n_acl; i++) {
		CHECK(c->acl[i].status == 0 || c->acl[i].status >= 128, "BindingAclPolicy %u",
		      c->acl[i].status);
		CHECK(!i || memcmp(&c->acl[i - 1].hoa, &c->acl[i].hoa, sizeof(c->acl[i].hoa)) < 0,
		      "binding ACL not sorted or an address twice");
		CHECK(config_acl_status(c, &c->acl[i].hoa) == c->acl[i].status,
		      "binding ACL lookup misses entry %zu", i);
	}
	/* The reload takes over c's memory; again's own is none. */
	again.acl = NULL;
	again.n_acl = again.acl_cap = 0;
	CHECK(config_reload(&again, c, err, sizeof(err)) == 0, "reload onto itself: %s", err);
	CHECK(!memcmp(&again, &orig, sizeof(again)), "reload onto itself changed it");
	*c = again;
}

static const char *const seeds[] = {
	"NodeConfig HA;\nDebugLevel 3;\nInterface \"eth0\";\nInterface \"eth1\";\n"
	"HaMaxBindingLife 262140;\nHaDuplicateAddressDetection disabled;\n"
	"HaMaxBindings 100;\nHaMaxBindingsPerPrefix 10;\nHaMaxPendingDad 20;\n"
	"HaMaxPendingDadPerPrefix 2;\nUseMnHaIPsec disabled;\n",
	"NodeConfig MN;\n# comment\nDoRouteOptimizationMN disabled;\n"
	"DoRouteOptimizationCN false;\nMnMaxHaBindingLife 3600;\n"
	"InitialBindackTimeoutFirstReg 1.5;\nInitialBindackTimeoutReReg 0.5;\n"
	"OptimisticHandoff enabled;\nMnRouterProbes 4;\nInterface \"wlan1\";\n"
	"MnHomeLink \"wlan0\" {\n\tHomeAddress 2001:db8::beef/64;\n"
	"\tHomeAgentAddress 2001:db8::1;\n};\n"
	"MnHomeLink \"eth1\" { HomeAddress 2001:db8:5::beef/64; HomeAgentAddress 2001:db8:5::1; }\n",
	"NodeConfig CN;\nDoRouteOptimizationCN enabled;\nInterface \"eth0\";\n",
	"NodeConfig MN;\nDoRouteOptimizationMN enabled;\nUseCnBuAck disabled;\n"
	"MnHomeLink \"wlan0\" {\n\tHomeAddress 2001:db8::beef/64;\n\tHomeAgentAddress 2001:db8::1;\n"
	"\tMnRoPolicy 2001:db8:ff::/48 disabled;\n\tMnRoPolicy 2001:db8:ff::2 enabled;\n"
	"\tMnRoPolicy enabled;\n}\n",
	"NodeConfig MN;\nMnHomeLink \"wlan0\" { HomeAddress 2001:db8::beef/64 (2001:db8:1::/64); }\n",
	"NodeConfig HA;\nInterface \"eth0\" { IfType CN; };\nHaServedPrefix 2001:db8::/64;\n",
	"NodeConfig HA;\nInterface \"unterminated\n",
	"NodeConfig HA;\nInterface \"eth0\";\nDefaultBindingAclPolicy deny;\n"
	"BindingAclPolicy 2001:db8::2 allow;\nBindingAclPolicy 2001:db8::1 131;\n"
	"BindingAclPolicy 2001:db8::3 deny;\n",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("FUZZ_SEEDS");
	char path[4096];

	(void)argc, (void)argv;
	if (!dir)
		return 0;
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/seed-%zu.conf", dir, i);
		f = fopen(path, "w");
		if (!f || fputs(seeds[i], f) == EOF || fclose(f)) {
			perror(path);
			exit(1);
		}
	}
	exit(0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[600];
	struct config c;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';      /* config_load refuses a NUL inside; the parser stops at it */
	err[0] = '\0';
	if (config_parse(&c, NAME, text, err, sizeof(err)) < 0)
		check_error(text, err);
	else
		check_config(&c);
	config_free(&c);
	free(text);
	return 0;
}
