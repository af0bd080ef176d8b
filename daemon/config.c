/*
 * config.c - parser for mip6d.conf (the MIPL/UMIP grammar).
 *
 * Hand-written lexer and recursive descent: the grammar is small, and a hand-written
 * parser gives the exact FILE:LINE:COL of the offending token without a generator.
 * Nothing here touches the system: the daemon refuses a bad file before acting.
 */
#include "config.h"
#include "mh.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum tok_type { T_EOF, T_WORD, T_STRING, T_SEMI, T_LBRACE, T_RBRACE, T_OTHER };

#define TOK_MAX 256

struct tok {
	enum tok_type type;
	char text[TOK_MAX];
	int line, col;
};

struct parser {
	const char *name;
	const char *p;
	int line, col;
	struct tok t;           /* current token */
	struct config *c;
	char *err;
	size_t errlen;
	int role_line, role_col;
	bool role_seen;
	int ipsec_line, ipsec_col;      /* UseMnHaIPsec */
};

static int perr_at(struct parser *ps, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int perr_at(struct parser *ps, int line, int col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(ps->err, ps->errlen, "%s:%d:%d: %s", ps->name, line, col, msg);
	return -1;
}

#define perr(ps, ...) perr_at((ps), (ps)->t.line, (ps)->t.col, __VA_ARGS__)

static void advance_char(struct parser *ps)
{
	if (*ps->p == '\n') {
		ps->line++;
		ps->col = 1;
	} else {
		ps->col++;
	}
	ps->p++;
}

static bool is_word_char(int ch)
{
	return isalnum(ch) || ch == ':' || ch == '.' || ch == '/' || ch == '_' || ch == '-';
}

/* Reads the next token into ps->t. Returns -1 (with the error set) on a lexical error. */
static int next(struct parser *ps)
{
	struct tok *t = &ps->t;
	size_t n = 0;

	for (;;) {
		while (*ps->p && isspace((unsigned char)*ps->p))
			advance_char(ps);
		if (*ps->p != '#')
			break;
		while (*ps->p && *ps->p != '\n')
			advance_char(ps);
	}
	t->line = ps->line;
	t->col = ps->col;
	t->text[0] = '\0';
	if (!*ps->p) {
		t->type = T_EOF;
		return 0;
	}
	switch (*ps->p) {
	case ';': t->type = T_SEMI; break;
	case '{': t->type = T_LBRACE; break;
	case '}': t->type = T_RBRACE; break;
	case '"':
		advance_char(ps);
		while (*ps->p && *ps->p != '"' && *ps->p != '\n') {
			if (n + 1 >= TOK_MAX)
				return perr(ps, "string too long");
			t->text[n++] = *ps->p;
			advance_char(ps);
		}
		if (*ps->p != '"')
			return perr(ps, "unterminated string");
		advance_char(ps);
		t->text[n] = '\0';
		t->type = T_STRING;
		return 0;
	default:
		if (!is_word_char((unsigned char)*ps->p)) {
			t->type = T_OTHER;
			t->text[0] = *ps->p;
			t->text[1] = '\0';
			advance_char(ps);
			return 0;
		}
		while (is_word_char((unsigned char)*ps->p)) {
			if (n + 1 >= TOK_MAX)
				return perr(ps, "word too long");
			t->text[n++] = *ps->p;
			advance_char(ps);
		}
		t->text[n] = '\0';
		t->type = T_WORD;
		return 0;
	}
	t->text[0] = *ps->p;
	t->text[1] = '\0';
	advance_char(ps);
	return 0;
}

static const char *tok_desc(const struct tok *t, char *buf, size_t len)
{
	switch (t->type) {
	case T_EOF: return "end of file";
	case T_STRING: snprintf(buf, len, "\"%s\"", t->text); return buf;
	default: snprintf(buf, len, "'%s'", t->text); return buf;
	}
}

static int expect(struct parser *ps, enum tok_type type, const char *what)
{
	char d[TOK_MAX + 4];

	if (ps->t.type != type)
		return perr(ps, "expected %s, got %s", what, tok_desc(&ps->t, d, sizeof(d)));
	return next(ps);
}

static int end_stmt(struct parser *ps)
{
	return expect(ps, T_SEMI, "';'");
}

/* Value parsers: each consumes the current token. */

static int get_uint(struct parser *ps, const char *kw, unsigned long max, unsigned long *out)
{
	char d[TOK_MAX + 4], *end;
	unsigned long v;

	if (ps->t.type != T_WORD || !isdigit((unsigned char)ps->t.text[0]))
		return perr(ps, "%s: expected a number, got %s", kw,
			    tok_desc(&ps->t, d, sizeof(d)));
	errno = 0;
	v = strtoul(ps->t.text, &end, 10);
	if (*end)
		return perr(ps, "%s: expected a number, got %s", kw,
			    tok_desc(&ps->t, d, sizeof(d)));
	if (errno || v > max)
		return perr(ps, "%s: %s out of range 0..%lu", kw, ps->t.text, max);
	*out = v;
	return next(ps);
}

/* Seconds with optional decimals ("1.5"), returned in milliseconds. */
static int get_seconds_ms(struct parser *ps, const char *kw, uint32_t *out)
{
	char d[TOK_MAX + 4], *end;
	double v;

	if (ps->t.type != T_WORD || !isdigit((unsigned char)ps->t.text[0]))
		return perr(ps, "%s: expected seconds, got %s", kw, tok_desc(&ps->t, d, sizeof(d)));
	errno = 0;
	v = strtod(ps->t.text, &end);
	if (*end || errno)
		return perr(ps, "%s: expected seconds, got %s", kw, tok_desc(&ps->t, d, sizeof(d)));
	if (v < 0.001 || v > 3600.0)
		return perr(ps, "%s: %s out of range 0.001..3600", kw, ps->t.text);
	*out = (uint32_t)(v * 1000.0 + 0.5);
	return next(ps);
}

/* 1 for enabled or true, 0 for disabled or false, -1 for anything else. */
static int bool_word(const struct tok *t)
{
	if (t->type != T_WORD)
		return -1;
	if (!strcmp(t->text, "enabled") || !strcmp(t->text, "true"))
		return 1;
	if (!strcmp(t->text, "disabled") || !strcmp(t->text, "false"))
		return 0;
	return -1;
}

static int get_bool(struct parser *ps, const char *kw, bool *out)
{
	char d[TOK_MAX + 4];
	int b = bool_word(&ps->t);

	if (b < 0)
		return perr(ps, "%s: expected enabled or disabled, got %s", kw,
			    tok_desc(&ps->t, d, sizeof(d)));
	*out = b;
	return next(ps);
}

static int get_ifname(struct parser *ps, const char *kw, char out[IF_NAMESIZE])
{
	char d[TOK_MAX + 4];

	if (ps->t.type != T_STRING)
		return perr(ps, "%s: expected a quoted interface name, got %s", kw,
			    tok_desc(&ps->t, d, sizeof(d)));
	if (!ps->t.text[0] || strlen(ps->t.text) >= IF_NAMESIZE)
		return perr(ps, "%s: invalid interface name \"%s\"", kw, ps->t.text);
	strcpy(out, ps->t.text);
	return next(ps);
}

static int get_addr(struct parser *ps, const char *kw, bool want_plen, struct in6_addr *a,
		    uint8_t *plen)
{
	char d[TOK_MAX + 4], buf[TOK_MAX], *slash, *end;
	unsigned long v;

	if (ps->t.type != T_WORD)
		return perr(ps, "%s: expected an IPv6 address, got %s", kw,
			    tok_desc(&ps->t, d, sizeof(d)));
	strcpy(buf, ps->t.text);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (inet_pton(AF_INET6, buf, a) != 1)
		return perr(ps, "%s: invalid IPv6 address '%s'", kw, buf);
	if (want_plen) {
		if (!slash)
			return perr(ps, "%s: expected address/prefix-length, got '%s'", kw,
				    ps->t.text);
		errno = 0;
		v = strtoul(slash + 1, &end, 10);
		if (!slash[1] || *end || errno || v < 1 || v > 128)
			return perr(ps, "%s: prefix length '%s' out of range 1..128", kw,
				    slash + 1);
		*plen = (uint8_t)v;
	} else if (slash) {
		return perr(ps, "%s: unexpected prefix length in '%s'", kw, ps->t.text);
	}
	return next(ps);
}

/* A keyword that exists in MIPL/UMIP but that mip6d does not implement. */
static const char *const unsupported[] = {
	"include", "DebugLogFile", "NonVolatileBindingCache", "InitialSolicitTimer",
	"InterfaceInitialInitDelay", "MnMaxCnBindingLife",
	"HaHomeLink", "KeyMngMobCapability", "UseMovementModule",
	"UsePolicyModule",
	"MnUseAllInterfaces", "MnRouterProbeTimeout", "MnDiscardHaParamProb",
	"MnResetDhaadAtHome", "MnFlushAllAtHome",
	"MnMaxCnConsecutiveResends", "NoHomeReturn", "HomePrefix", "HaAcceptMobRtr",
	"IsMobRtr", "HaServedPrefix", "MobRtrUseExplicitMode", "CnBindingPolicySet",
	"MnIfPreference", "IfType", "MnHomeLinkPreference", NULL,
};

static bool is_unsupported(const char *kw)
{
	for (const char *const *u = unsupported; *u; u++)
		if (!strcmp(*u, kw))
			return true;
	return false;
}

/* allow (enabled, true): 0; deny (disabled, false): 129, administratively prohibited;
 * or the status itself, 0 or a refusal (128..255), as UMIP takes a number. */
static int get_acl_status(struct parser *ps, const char *kw, uint8_t *out)
{
	char d[TOK_MAX + 4], *end;
	const char *s = ps->t.text;
	int b = bool_word(&ps->t);
	unsigned long v;

	if (ps->t.type != T_WORD)
		return perr(ps, "%s: expected allow, deny or a status, got %s", kw,
			    tok_desc(&ps->t, d, sizeof(d)));
	if (!strcmp(s, "allow") || b == 1) {
		*out = BA_ACCEPTED;
	} else if (!strcmp(s, "deny") || b == 0) {
		*out = BA_ADMIN_PROHIBITED;
	} else {
		errno = 0;
		v = strtoul(s, &end, 10);
		if (!isdigit((unsigned char)*s) || *end || errno)
			return perr(ps, "%s: expected allow, deny or a status, got %s", kw,
				    tok_desc(&ps->t, d, sizeof(d)));
		if (v != 0 && (v < 128 || v > 255))
			return perr(ps, "%s: status %s is neither 0 (accept) nor a refusal "
				    "(128..255)", kw, s);
		*out = (uint8_t)v;
	}
	return next(ps);
}

/* BindingAclPolicy address allow|deny|status; (duplicates are found in check()). */
static int parse_acl(struct parser *ps)
{
	struct config *c = ps->c;
	struct conf_acl a = { .line = ps->t.line, .col = ps->t.col };

	if (get_addr(ps, "BindingAclPolicy", false, &a.hoa, NULL) < 0 ||
	    get_acl_status(ps, "BindingAclPolicy", &a.status) < 0)
		return -1;
	if (c->n_acl == c->acl_cap) {
		size_t cap = c->acl_cap ? 2 * c->acl_cap : 64;
		struct conf_acl *n;

		if (c->n_acl >= CONF_MAX_ACL)
			return perr_at(ps, a.line, a.col, "BindingAclPolicy: more than %u "
				       "addresses", CONF_MAX_ACL);
		n = realloc(c->acl, cap * sizeof(*n));
		if (!n)
			return perr_at(ps, a.line, a.col, "BindingAclPolicy: out of memory");
		c->acl = n;
		c->acl_cap = cap;
	}
	c->acl[c->n_acl++] = a;
	return 0;
}

static int acl_cmp(const void *a, const void *b)
{
	const struct conf_acl *x = a, *y = b;
	int d = memcmp(&x->hoa, &y->hoa, sizeof(x->hoa));

	if (d)
		return d;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

/* MnRoPolicy [address[/plen]] boolean; inside MnHomeLink: whether to run route
 * optimization with the correspondents it covers (none given: every one). */
static int parse_ro_policy(struct parser *ps, struct conf_home_link *hl)
{
	struct conf_ro_policy *p;
	bool on;

	if (hl->n_ro_policies >= CONF_MAX_RO_POLICIES)
		return perr(ps, "MnRoPolicy: more than %d policies", CONF_MAX_RO_POLICIES);
	p = &hl->ro_policies[hl->n_ro_policies];
	memset(p, 0, sizeof(*p));
	if (next(ps) < 0)
		return -1;
	if (ps->t.type == T_WORD && (!strcmp(ps->t.text, "enabled") ||
				     !strcmp(ps->t.text, "disabled"))) {
		p->plen = 0;
	} else {
		bool has_plen = ps->t.type == T_WORD && strchr(ps->t.text, '/');

		p->plen = 128;
		if (get_addr(ps, "MnRoPolicy", has_plen, &p->peer, &p->plen) < 0)
			return -1;
	}
	if (get_bool(ps, "MnRoPolicy", &on) < 0)
		return -1;
	p->enabled = on;
	hl->n_ro_policies++;
	return end_stmt(ps);
}

static int parse_home_link(struct parser *ps)
{
	struct config *c = ps->c;
	struct conf_home_link *hl;
	int line = ps->t.line, col = ps->t.col;
	char d[TOK_MAX + 4];

	if (c->n_home_links >= CONF_MAX_HOME_LINKS)
		return perr(ps, "MnHomeLink: more than %d home links", CONF_MAX_HOME_LINKS);
	hl = &c->home_links[c->n_home_links++];
	memset(hl, 0, sizeof(*hl));
	if (next(ps) < 0 || get_ifname(ps, "MnHomeLink", hl->ifname) < 0)
		return -1;
	if (expect(ps, T_LBRACE, "'{' after MnHomeLink name") < 0)
		return -1;
	while (ps->t.type != T_RBRACE) {
		char kw[TOK_MAX];

		if (ps->t.type == T_EOF)
			return perr(ps, "expected '}' to close MnHomeLink opened at %d:%d, "
				    "got end of file", line, col);
		if (ps->t.type != T_WORD)
			return perr(ps, "expected a MnHomeLink option, got %s",
				    tok_desc(&ps->t, d, sizeof(d)));
		strcpy(kw, ps->t.text);
		if (!strcmp(kw, "HomeAddress")) {
			if (next(ps) < 0 ||
			    get_addr(ps, kw, true, &hl->hoa, &hl->hoa_plen) < 0)
				return -1;
			if (ps->t.type == T_OTHER && ps->t.text[0] == '(')
				return perr(ps, "HomeAddress with mobile network prefixes: "
					    "not supported yet");
			hl->has_hoa = true;
		} else if (!strcmp(kw, "HomeAgentAddress")) {
			if (next(ps) < 0 || get_addr(ps, kw, false, &hl->ha, NULL) < 0)
				return -1;
			hl->has_ha = true;
		} else if (!strcmp(kw, "MnRoPolicy")) {
			if (parse_ro_policy(ps, hl) < 0)
				return -1;
			continue;
		} else if (is_unsupported(kw) || !strcmp(kw, "UseAltCoa") ||
			   !strcmp(kw, "IPsecPolicy")) {
			return perr(ps, "%s: not supported yet", kw);
		} else {
			return perr(ps, "unknown keyword '%s' in MnHomeLink", kw);
		}
		if (end_stmt(ps) < 0)
			return -1;
	}
	if (!hl->has_hoa)
		return perr(ps, "MnHomeLink \"%s\" needs a HomeAddress", hl->ifname);
	/* Without HomeAgentAddress (or with ::) the home agent is discovered (DHAAD). */
	if (next(ps) < 0)
		return -1;
	/* UMIP writes the block without a trailing ';'; accept both. */
	if (ps->t.type == T_SEMI)
		return next(ps);
	return 0;
}

/* IPsecPolicy TYPE UseESP [reqid [reqid]]; inside IPsecPolicySet. */
static int parse_ipsec_policy(struct parser *ps, struct conf_ipsec_set *set)
{
	static const char *const later[] = {
		"MobPfxDisc", "TunnelHomeTesting", "TunnelMh", "TunnelPayload", "ICMP", "any", NULL,
	};
	char d[TOK_MAX + 4];
	unsigned long v;

	if (next(ps) < 0)
		return -1;
	if (ps->t.type != T_WORD)
		return perr(ps, "IPsecPolicy: expected a policy type, got %s",
			    tok_desc(&ps->t, d, sizeof(d)));
	for (const char *const *l = later; *l; l++)
		if (!strcmp(ps->t.text, *l))
			return perr(ps, "IPsecPolicy %s: not supported yet", *l);
	if (strcmp(ps->t.text, "HomeRegBinding"))
		return perr(ps, "IPsecPolicy: unknown type '%s'", ps->t.text);
	if (next(ps) < 0)
		return -1;
	if (ps->t.type == T_WORD && (!strcmp(ps->t.text, "UseAH") ||
				     !strcmp(ps->t.text, "UseIPComp")))
		return perr(ps, "IPsecPolicy %s: not supported yet", ps->t.text);
	if (ps->t.type != T_WORD || strcmp(ps->t.text, "UseESP"))
		return perr(ps, "IPsecPolicy: expected UseESP, got %s",
			    tok_desc(&ps->t, d, sizeof(d)));
	if (next(ps) < 0)
		return -1;
	set->home_reg = true;
	if (ps->t.type == T_WORD) {
		if (get_uint(ps, "IPsecPolicy reqid", UINT32_MAX, &v) < 0)
			return -1;
		set->reqid_to_ha = set->reqid_to_mn = (uint32_t)v;
		if (ps->t.type == T_WORD) {
			if (get_uint(ps, "IPsecPolicy reqid", UINT32_MAX, &v) < 0)
				return -1;
			set->reqid_to_mn = (uint32_t)v;
		}
	}
	return end_stmt(ps);
}

static int parse_ipsec_set(struct parser *ps)
{
	struct config *c = ps->c;
	struct conf_ipsec_set *set;
	int line = ps->t.line, col = ps->t.col;
	char d[TOK_MAX + 4];

	if (c->n_ipsec_sets >= CONF_MAX_IPSEC_SETS)
		return perr(ps, "IPsecPolicySet: more than %d sets", CONF_MAX_IPSEC_SETS);
	set = &c->ipsec_sets[c->n_ipsec_sets++];
	memset(set, 0, sizeof(*set));
	set->line = line;
	set->col = col;
	if (next(ps) < 0 || expect(ps, T_LBRACE, "'{' after IPsecPolicySet") < 0)
		return -1;
	while (ps->t.type != T_RBRACE) {
		if (ps->t.type == T_EOF)
			return perr(ps, "expected '}' to close IPsecPolicySet opened at %d:%d, "
				    "got end of file", line, col);
		if (ps->t.type != T_WORD)
			return perr(ps, "expected an IPsecPolicySet option, got %s",
				    tok_desc(&ps->t, d, sizeof(d)));
		if (!strcmp(ps->t.text, "HomeAgentAddress")) {
			if (next(ps) < 0 || get_addr(ps, "HomeAgentAddress", false, &set->ha,
						     NULL) < 0 || end_stmt(ps) < 0)
				return -1;
			set->has_ha = true;
		} else if (!strcmp(ps->t.text, "HomeAddress")) {
			if (next(ps) < 0 || get_addr(ps, "HomeAddress", true, &set->hoa,
						     &set->hoa_plen) < 0 || end_stmt(ps) < 0)
				return -1;
			set->has_hoa = true;
		} else if (!strcmp(ps->t.text, "IPsecPolicy")) {
			if (parse_ipsec_policy(ps, set) < 0)
				return -1;
		} else {
			return perr(ps, "unknown keyword '%s' in IPsecPolicySet", ps->t.text);
		}
	}
	if (!set->has_ha || !set->has_hoa || !set->home_reg)
		return perr(ps, "IPsecPolicySet needs a HomeAgentAddress, a HomeAddress and an "
			    "IPsecPolicy HomeRegBinding");
	if (next(ps) < 0)
		return -1;
	/* Like MnHomeLink: UMIP writes no ';' after the block; accept both. */
	if (ps->t.type == T_SEMI)
		return next(ps);
	return 0;
}

static int parse_interface(struct parser *ps)
{
	struct config *c = ps->c;
	char name[IF_NAMESIZE];

	if (next(ps) < 0 || get_ifname(ps, "Interface", name) < 0)
		return -1;
	if (ps->t.type == T_LBRACE)
		return perr(ps, "Interface options: not supported yet");
	for (unsigned i = 0; i < c->n_ifaces; i++)
		if (!strcmp(c->ifaces[i], name))
			return end_stmt(ps);
	if (c->n_ifaces >= CONF_MAX_IFACES)
		return perr(ps, "Interface: more than %d interfaces", CONF_MAX_IFACES);
	strcpy(c->ifaces[c->n_ifaces++], name);
	return end_stmt(ps);
}

static int parse_statement(struct parser *ps)
{
	struct config *c = ps->c;
	char kw[TOK_MAX], d[TOK_MAX + 4];
	unsigned long v;
	int line = ps->t.line, col = ps->t.col;

	if (ps->t.type != T_WORD)
		return perr(ps, "expected a keyword, got %s", tok_desc(&ps->t, d, sizeof(d)));
	strcpy(kw, ps->t.text);

	if (!strcmp(kw, "Interface"))
		return parse_interface(ps);
	if (!strcmp(kw, "MnHomeLink"))
		return parse_home_link(ps);
	if (!strcmp(kw, "IPsecPolicySet"))
		return parse_ipsec_set(ps);
	if (is_unsupported(kw))
		return perr(ps, "%s: not supported yet", kw);
	if (next(ps) < 0)
		return -1;

	if (!strcmp(kw, "NodeConfig")) {
		const char *s = ps->t.text;

		if (ps->t.type == T_WORD && !strcmp(s, "HA"))
			c->role = NODE_HA;
		else if (ps->t.type == T_WORD && !strcmp(s, "MN"))
			c->role = NODE_MN;
		else if (ps->t.type == T_WORD && !strcmp(s, "CN"))
			c->role = NODE_CN;
		else
			return perr(ps, "NodeConfig: expected CN, HA or MN, got %s",
				    tok_desc(&ps->t, d, sizeof(d)));
		ps->role_seen = true;
		ps->role_line = line;
		ps->role_col = col;
		if (next(ps) < 0)
			return -1;
	} else if (!strcmp(kw, "DebugLevel")) {
		if (get_uint(ps, kw, 10, &v) < 0)
			return -1;
		c->debug_level = (int)v;
	} else if (!strcmp(kw, "UseMnHaIPsec")) {
		ps->ipsec_line = line;
		ps->ipsec_col = col;
		if (get_bool(ps, kw, &c->use_mn_ha_ipsec) < 0)
			return -1;
	} else if (!strcmp(kw, "DoRouteOptimizationMN")) {
		if (get_bool(ps, kw, &c->ro_mn) < 0)
			return -1;
	} else if (!strcmp(kw, "DoRouteOptimizationCN")) {
		if (get_bool(ps, kw, &c->ro_cn) < 0)
			return -1;
	} else if (!strcmp(kw, "UseCnBuAck")) {
		if (get_bool(ps, kw, &c->use_cn_bu_ack) < 0)
			return -1;
	} else if (!strcmp(kw, "HaMaxBindingLife")) {
		if (get_uint(ps, kw, 262140, &v) < 0)
			return -1;
		c->ha_max_binding_life = (uint32_t)v;
	} else if (!strcmp(kw, "MnMaxHaBindingLife")) {
		if (get_uint(ps, kw, 262140, &v) < 0)
			return -1;
		c->mn_max_ha_binding_life = (uint32_t)v;
	} else if (!strcmp(kw, "InitialBindackTimeoutFirstReg")) {
		if (get_seconds_ms(ps, kw, &c->bindack_first_reg_ms) < 0)
			return -1;
	} else if (!strcmp(kw, "InitialBindackTimeoutReReg")) {
		if (get_seconds_ms(ps, kw, &c->bindack_rereg_ms) < 0)
			return -1;
	} else if (!strcmp(kw, "SendMobPfxSols")) {
		if (get_bool(ps, kw, &c->send_mob_pfx_sols) < 0)
			return -1;
	} else if (!strcmp(kw, "SendUnsolMobPfxAdvs")) {
		if (get_bool(ps, kw, &c->send_unsol_mob_pfx_advs) < 0)
			return -1;
	} else if (!strcmp(kw, "SendMobPfxAdvs")) {
		if (get_bool(ps, kw, &c->send_mob_pfx_advs) < 0)
			return -1;
	} else if (!strcmp(kw, "MaxMobPfxAdvInterval")) {
		if (get_uint(ps, kw, 86400 * 365, &v) < 0)
			return -1;
		c->max_mob_pfx_adv_ivl = (uint32_t)v;
	} else if (!strcmp(kw, "MinMobPfxAdvInterval")) {
		if (get_uint(ps, kw, 86400 * 365, &v) < 0)
			return -1;
		c->min_mob_pfx_adv_ivl = (uint32_t)v;
	} else if (!strcmp(kw, "MnHaTunnelProbeInterval")) {
		if (ps->t.type == T_WORD && !strcmp(ps->t.text, "0")) {
			c->mn_ha_probe_ms = 0;
			if (next(ps) < 0)
				return -1;
		} else if (get_seconds_ms(ps, kw, &c->mn_ha_probe_ms) < 0) {
			return -1;
		}
	} else if (!strcmp(kw, "MnMaxHaConsecutiveResends")) {
		if (get_uint(ps, kw, 16, &v) < 0)
			return -1;
		c->mn_max_ha_resends = (unsigned)v;
	} else if (!strcmp(kw, "OptimisticHandoff")) {
		if (get_bool(ps, kw, &c->optimistic_handoff) < 0)
			return -1;
	} else if (!strcmp(kw, "MnRouterProbes")) {
		if (get_uint(ps, kw, 16, &v) < 0)
			return -1;
		c->mn_router_probes = (unsigned)v;
	} else if (!strcmp(kw, "HaDuplicateAddressDetection")) {
		if (get_bool(ps, kw, &c->ha_dad) < 0)
			return -1;
	} else if (!strcmp(kw, "HaMaxBindings")) {
		if (get_uint(ps, kw, CONF_MAX_BINDINGS, &v) < 0)
			return -1;
		c->ha_max_bindings = (uint32_t)v;
	} else if (!strcmp(kw, "HaMaxBindingsPerPrefix")) {
		if (get_uint(ps, kw, CONF_MAX_BINDINGS, &v) < 0)
			return -1;
		c->ha_max_bindings_per_prefix = (uint32_t)v;
	} else if (!strcmp(kw, "HaMaxPendingDad")) {
		if (get_uint(ps, kw, CONF_MAX_PENDING_DAD, &v) < 0)
			return -1;
		c->ha_max_pending_dad = (uint32_t)v;
	} else if (!strcmp(kw, "HaMaxPendingDadPerPrefix")) {
		if (get_uint(ps, kw, CONF_MAX_PENDING_DAD, &v) < 0)
			return -1;
		c->ha_max_pending_dad_per_prefix = (uint32_t)v;
	} else if (!strcmp(kw, "DefaultBindingAclPolicy")) {
		if (get_acl_status(ps, kw, &c->acl_default) < 0)
			return -1;
	} else if (!strcmp(kw, "BindingAclPolicy")) {
		if (parse_acl(ps) < 0)
			return -1;
	} else if (!strcmp(kw, "HaProxyNd")) {
		if (ps->t.type == T_WORD && !strcmp(ps->t.text, "kernel"))
			c->ha_proxy_nd_daemon = false;
		else if (ps->t.type == T_WORD && !strcmp(ps->t.text, "mip6d"))
			c->ha_proxy_nd_daemon = true;
		else
			return perr(ps, "HaProxyNd: expected kernel or mip6d, got %s",
				    tok_desc(&ps->t, d, sizeof(d)));
		if (next(ps) < 0)
			return -1;
	} else {
		return perr_at(ps, line, col, "unknown keyword '%s'", kw);
	}
	return end_stmt(ps);
}

/* Whole-file checks, reported at the statement that needs the missing piece. */
static int check(struct parser *ps)
{
	struct config *c = ps->c;

	if (c->role == NODE_HA && c->n_ifaces == 0)
		return perr_at(ps, ps->role_line, ps->role_col,
			       "NodeConfig HA needs at least one Interface");
	if (c->role == NODE_MN && c->n_home_links == 0)
		return perr_at(ps, ps->role_line, ps->role_col,
			       "NodeConfig MN needs a MnHomeLink block");
	if (c->use_mn_ha_ipsec && !c->n_ipsec_sets)
		return perr_at(ps, ps->ipsec_line, ps->ipsec_col,
			       "UseMnHaIPsec enabled needs an IPsecPolicySet block");
	/* A mobile node protects its own registrations: each set is one of them. */
	for (unsigned i = 0; c->role == NODE_MN && i < c->n_ipsec_sets; i++) {
		const struct conf_ipsec_set *set = &c->ipsec_sets[i];
		bool found = false;

		for (unsigned k = 0; k < c->n_home_links && !found; k++)
			found = !memcmp(&c->home_links[k].hoa, &set->hoa, sizeof(set->hoa)) &&
				!memcmp(&c->home_links[k].ha, &set->ha, sizeof(set->ha));
		if (!found)
			return perr_at(ps, set->line, set->col,
				       "IPsecPolicySet: no MnHomeLink has this HomeAddress and "
				       "HomeAgentAddress");
	}
	/* Sorted for the lookups; the same address twice is an error at the second. */
	if (c->n_acl)
		qsort(c->acl, c->n_acl, sizeof(*c->acl), acl_cmp);
	for (size_t i = 1; i < c->n_acl; i++) {
		const struct conf_acl *a = &c->acl[i - 1], *b = &c->acl[i];
		char buf[INET6_ADDRSTRLEN];

		if (memcmp(&a->hoa, &b->hoa, sizeof(a->hoa)))
			continue;
		inet_ntop(AF_INET6, &b->hoa, buf, sizeof(buf));
		return perr_at(ps, b->line, b->col, "BindingAclPolicy: %s already given at "
			       "%d:%d", buf, a->line, a->col);
	}
	/* Only the parse's messages need where a set was. */
	for (unsigned i = 0; i < c->n_ipsec_sets; i++)
		c->ipsec_sets[i].line = c->ipsec_sets[i].col = 0;
	/* The home link is one of the MN's interfaces even when not listed separately. */
	for (unsigned i = 0; c->role == NODE_MN && i < c->n_home_links; i++) {
		const char *name = c->home_links[i].ifname;

		if (config_has_iface(c, name))
			continue;
		if (c->n_ifaces >= CONF_MAX_IFACES)
			return perr_at(ps, 1, 1, "more than %d interfaces", CONF_MAX_IFACES);
		strcpy(c->ifaces[c->n_ifaces++], name);
	}
	return 0;
}

int config_reload(struct config *cur, struct config *next, char *err, size_t errlen)
{
	const char *what = NULL;

	if (cur->role != next->role)
		what = "NodeConfig";
	else if (cur->n_ifaces != next->n_ifaces ||
		 memcmp(cur->ifaces, next->ifaces, sizeof(cur->ifaces)))
		what = "Interface";
	else if (cur->n_home_links != next->n_home_links ||
		 memcmp(cur->home_links, next->home_links, sizeof(cur->home_links)))
		what = "MnHomeLink";
	else if (cur->vt_port != next->vt_port)
		what = "VirtualTerminalPort";
	else if (cur->use_mn_ha_ipsec != next->use_mn_ha_ipsec ||
		 cur->n_ipsec_sets != next->n_ipsec_sets ||
		 memcmp(cur->ipsec_sets, next->ipsec_sets, sizeof(cur->ipsec_sets)))
		what = "UseMnHaIPsec or IPsecPolicySet";
	else if (cur->ha_proxy_nd_daemon != next->ha_proxy_nd_daemon)
		what = "HaProxyNd";
	if (what) {
		snprintf(err, errlen, "%s: %s changed: restart mip6d to apply it", next->path,
			 what);
		return -1;
	}
	config_free(cur);
	*cur = *next;
	next->acl = NULL;
	next->n_acl = next->acl_cap = 0;
	return 0;
}

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->role = NODE_CN;
	/* 65535 four-second units: what MIPL asked for in the article's capture. */
	c->ha_max_binding_life = 262140;
	c->mn_max_ha_binding_life = 262140;
	c->bindack_first_reg_ms = 1500; /* RFC 6275 §13 InitialBindackTimeoutFirstReg */
	c->mn_router_probes = 12;       /* RS retransmissions after an L2 trigger (mn.c) */
	c->bindack_rereg_ms = 1000;     /* RFC 6275 §12 INITIAL_BINDACK_TIMEOUT */
	c->ha_dad = true;               /* RFC 6275 §10.3.1 */
	c->ha_dad_ms = 1000;            /* RFC 4861 RetransTimer */
	/* About 20 MiB of bindings; one visited /64 may hold a thousand of them. */
	c->ha_max_bindings = 131072;
	c->ha_max_bindings_per_prefix = 1024;
	/* A DAD lasts a second: 16 per /64 is a busy link's worth of arrivals. Each one
	 * joins a solicited-node group, and the kernel bounds a socket's memberships by
	 * its option memory (net.core.optmem_max). */
	c->ha_max_pending_dad = 256;
	c->ha_max_pending_dad_per_prefix = 16;
	c->vt_port = 7777;
	c->ro_mn = c->ro_cn = true;     /* UMIP's defaults */
	/* Mobile prefix discovery on, as in UMIP; the intervals are RFC 6275 §13's. */
	c->send_mob_pfx_sols = c->send_unsol_mob_pfx_advs = c->send_mob_pfx_advs = true;
	c->max_mob_pfx_adv_ivl = 86400;
	c->min_mob_pfx_adv_ivl = 600;
	/* A discovered home agent is given up after the first BU and two retransmissions
	 * without a BA: 1 + 2 + 4 s with InitialBindackTimeoutReReg 1 (docs/mip6d.md,
	 * "Finding the home agent"). */
	c->mn_max_ha_resends = 2;
	/* A silent mobile node would not notice its home agent's death before its next
	 * refresh: a packet through the tunnel twice a second draws the error that tells,
	 * within the 1 s the fail-over may take beyond its BU budget (docs/mip6d.md). */
	c->mn_ha_probe_ms = 500;
	/* UMIP leaves it off; a BA from the correspondent is what shows (and times) the
	 * end of route optimization's registration. */
	c->use_cn_bu_ack = true;
}

int config_parse(struct config *c, const char *name, const char *text, char *err,
		 size_t errlen)
{
	struct parser ps = {
		.name = name, .p = text, .line = 1, .col = 1, .c = c,
		.err = err, .errlen = errlen,
	};

	config_defaults(c);
	snprintf(c->path, sizeof(c->path), "%s", name);
	if (next(&ps) < 0)
		return -1;
	while (ps.t.type != T_EOF)
		if (parse_statement(&ps) < 0)
			goto fail;
	if (check(&ps) < 0)
		goto fail;
	return 0;
fail:
	config_free(c);
	return -1;
}

void config_free(struct config *c)
{
	free(c->acl);
	c->acl = NULL;
	c->n_acl = c->acl_cap = 0;
}

uint8_t config_acl_status(const struct config *c, const struct in6_addr *hoa)
{
	size_t lo = 0, hi = c->n_acl;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = memcmp(hoa, &c->acl[mid].hoa, sizeof(*hoa));

		if (!d)
			return c->acl[mid].status;
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return c->acl_default;
}

int config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t cap = 0, len = 0;
	int ret;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (cap - len < 4096) {
			char *n;

			if (cap > (1u << 20)) {
				snprintf(err, errlen, "%s: file too large", path);
				free(text);
				fclose(f);
				return -1;
			}
			n = realloc(text, cap + 8192);
			if (!n) {
				snprintf(err, errlen, "%s: out of memory", path);
				free(text);
				fclose(f);
				return -1;
			}
			text = n;
			cap += 8192;
		}
		size_t r = fread(text + len, 1, cap - len - 1, f);
		len += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		free(text);
		fclose(f);
		return -1;
	}
	fclose(f);
	text[len] = '\0';
	if (strlen(text) != len) {
		free(text);
		snprintf(err, errlen, "%s: contains a NUL byte", path);
		return -1;
	}
	ret = config_parse(c, path, text, err, errlen);
	free(text);
	return ret;
}

bool config_ipsec_covers(const struct config *c, const struct in6_addr *hoa,
			 const struct in6_addr *ha)
{
	for (unsigned i = 0; c->use_mn_ha_ipsec && i < c->n_ipsec_sets; i++)
		if (!memcmp(&c->ipsec_sets[i].hoa, hoa, sizeof(*hoa)) &&
		    !memcmp(&c->ipsec_sets[i].ha, ha, sizeof(*ha)))
			return true;
	return false;
}

bool config_has_iface(const struct config *c, const char *ifname)
{
	for (unsigned i = 0; i < c->n_ifaces; i++)
		if (!strcmp(c->ifaces[i], ifname))
			return true;
	return false;
}
