/* mip6-loadgen's command line. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"

static const char *const kind_names[FL_KINDS] = {
	[FL_FORGED_BU] = "forged-bu",
	[FL_MAX_LIFETIME] = "max-lifetime",
	[FL_BAD_CSUM] = "bad-checksum",
	[FL_OPT_TRUNC] = "truncated-option",
	[FL_OPT_OVERSIZE] = "oversized-option",
	[FL_UNKNOWN_MH] = "unknown-mh",
	[FL_HAO_NO_BINDING] = "hao-no-binding",
	[FL_REPLAY] = "replay",
};

const char *lg_flood_kind_name(unsigned kind)
{
	return kind < FL_KINDS ? kind_names[kind] : "unknown";
}

void lg_usage(FILE *out)
{
	fprintf(out,
		"usage: mip6-loadgen -i IFACE --ha ADDR --home PREFIX/64 --coa PREFIX/LEN [-n N]\n"
		"                    [--rate BU_PER_S] [--window N] [--lifetime S] [--refreshes N]\n"
		"                    [--moves N] [--duration S] [--timeout S] [--per-prefix N] [--keep]\n"
		"                    [--first I] [--tries N]\n"
		"                    [--flood PKT_PER_S|max] [--flood-prefix PREFIX/LEN] [--flood-mix KINDS]\n"
		"                    [--ha-pid PID] [--ha-netns NS] [--json FILE] [-q] [-h]\n"
		"  Plays N mobile nodes registering with a home agent over IFACE and checks every\n"
		"  Binding Acknowledgement; optionally floods the home agent with hostile packets.\n"
		"  -i IFACE              the link to the home agent (answers are read there)\n"
		"  --ha ADDR             the home agent's address in the home prefix\n"
		"  --home PREFIX/64      the home prefix: home addresses PREFIX::1:0:0 + i\n"
		"  --coa PREFIX/LEN      visited prefix (LEN <= 64), routed to this node\n"
		"  -n N                  mobile nodes, 0-%u (default 1000)\n"
		"  --first I             number the nodes from I (default 0), for lanes side by side\n"
		"  --rate BU_PER_S       pace the BUs (default 0: as fast as the window allows)\n"
		"  --window N            BUs awaiting a BA at most, 1-%u (default 64)\n"
		"  --lifetime S          lifetime asked for, 4-262140 s (default 600)\n"
		"  --refreshes N         refresh passes after the registrations (default 1)\n"
		"  --moves N             move passes (a new care-of address each, default 1)\n"
		"  --duration S          refresh and move passes until S seconds have gone\n"
		"  --timeout S           a BU without its BA after S seconds is lost (default 5)\n"
		"  --tries N             BUs per step, the lost ones sent again, 1-100 (default 3)\n"
		"  --per-prefix N        nodes per visited /64 (default 64)\n"
		"  --keep                leave the bindings registered at the end\n"
		"  --flood PKT_PER_S|max hostile packets alongside the nodes (default none)\n"
		"  --flood-prefix P/LEN  sources of the flood, random /64s in it (default: --coa)\n"
		"  --flood-mix KINDS     comma-separated: all, forged-bu, max-lifetime, bad-checksum,\n"
		"                        truncated-option, oversized-option, unknown-mh,\n"
		"                        hao-no-binding, replay (default all)\n"
		"  --ha-pid PID          read the home agent's memory at the end\n"
		"  --ha-netns NS         count the home agent's kernel objects in NS at the end\n"
		"  --json FILE           write the report as JSON to FILE too\n"
		"  -q, --quiet           no table on stdout\n"
		"  -h, --help            this help\n",
		LG_MAX_NODES, LG_MAX_WINDOW);
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static bool parse_ulong(const char *s, unsigned long min, unsigned long max, unsigned long *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return !errno && !*end && *v >= min && *v <= max;
}

static bool parse_double(const char *s, double min, double max, double *v)
{
	char *end;

	if (!*s)
		return false;
	*v = strtod(s, &end);
	return !*end && *v >= min && *v <= max;
}

static bool parse_prefix(const char *s, unsigned maxlen, struct lg_prefix *p)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	unsigned long len;

	if (!slash || (size_t)(slash - s) >= INET6_ADDRSTRLEN)
		return false;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = 0;
	if (inet_pton(AF_INET6, buf, &p->addr) != 1 || !parse_ulong(slash + 1, 8, maxlen, &len))
		return false;
	p->len = (unsigned)len;
	/* bits past the length are ignored, as ip(8) would refuse them */
	for (unsigned i = p->len; i < 128; i++)
		p->addr.s6_addr[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
	return true;
}

static bool parse_mix(const char *s, uint32_t *mix)
{
	char buf[256], *save, *tok;

	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	*mix = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		unsigned k;

		if (!strcmp(tok, "all")) {
			*mix |= (1u << FL_KINDS) - 1;
			continue;
		}
		for (k = 0; k < FL_KINDS && strcmp(tok, kind_names[k]); k++)
			;
		if (k == FL_KINDS)
			return false;
		*mix |= 1u << k;
	}
	return *mix != 0;
}

enum {
	O_HA = 256, O_HOME, O_COA, O_RATE, O_WINDOW, O_LIFETIME, O_REFRESHES, O_MOVES,
	O_DURATION, O_TIMEOUT, O_PER_PREFIX, O_KEEP, O_FLOOD, O_FLOOD_PREFIX, O_FLOOD_MIX,
	O_HA_PID, O_HA_NETNS, O_JSON, O_FIRST, O_TRIES,
};

static const struct option longopts[] = {
	{ "ha", required_argument, NULL, O_HA },
	{ "home", required_argument, NULL, O_HOME },
	{ "coa", required_argument, NULL, O_COA },
	{ "rate", required_argument, NULL, O_RATE },
	{ "window", required_argument, NULL, O_WINDOW },
	{ "lifetime", required_argument, NULL, O_LIFETIME },
	{ "refreshes", required_argument, NULL, O_REFRESHES },
	{ "moves", required_argument, NULL, O_MOVES },
	{ "duration", required_argument, NULL, O_DURATION },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "per-prefix", required_argument, NULL, O_PER_PREFIX },
	{ "keep", no_argument, NULL, O_KEEP },
	{ "flood", required_argument, NULL, O_FLOOD },
	{ "flood-prefix", required_argument, NULL, O_FLOOD_PREFIX },
	{ "flood-mix", required_argument, NULL, O_FLOOD_MIX },
	{ "ha-pid", required_argument, NULL, O_HA_PID },
	{ "ha-netns", required_argument, NULL, O_HA_NETNS },
	{ "json", required_argument, NULL, O_JSON },
	{ "first", required_argument, NULL, O_FIRST },
	{ "tries", required_argument, NULL, O_TRIES },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int lg_opts_parse(int argc, char **argv, struct lg_opts *o, char *err, size_t errlen)
{
	bool have_ha = false, have_home = false, have_coa = false, have_flood_prefix = false;
	unsigned long v;
	int c;

	memset(o, 0, sizeof(*o));
	o->nodes = 1000;
	o->per_prefix = 64;
	o->window = 64;
	o->lifetime = 600;
	o->refreshes = 1;
	o->moves = 1;
	o->timeout = 5;
	o->tries = 3;
	o->flood_mix = (1u << FL_KINDS) - 1;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:n:qh", longopts, NULL)) != -1) {
		const char *a = optarg;

		switch (c) {
		case 'i':
			if (!*a || strlen(a) >= 16)
				return fail(err, errlen, "-i: bad interface name '%s'", a);
			o->ifname = a;
			break;
		case 'n':
			if (!parse_ulong(a, 0, LG_MAX_NODES, &v))
				return fail(err, errlen, "-n: 0-%u, not '%s'", LG_MAX_NODES, a);
			o->nodes = (uint32_t)v;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			return 1;
		case O_HA:
			if (inet_pton(AF_INET6, a, &o->ha) != 1)
				return fail(err, errlen, "--ha: not an IPv6 address: '%s'", a);
			have_ha = true;
			break;
		case O_HOME:
			if (!parse_prefix(a, 64, &o->home) || o->home.len != 64)
				return fail(err, errlen, "--home: a /64 prefix, not '%s'", a);
			have_home = true;
			break;
		case O_COA:
			if (!parse_prefix(a, 64, &o->coa))
				return fail(err, errlen, "--coa: a prefix of length 8-64, not '%s'", a);
			have_coa = true;
			break;
		case O_RATE:
			if (!parse_double(a, 0, 1e7, &o->rate))
				return fail(err, errlen, "--rate: 0-10000000 BU/s, not '%s'", a);
			break;
		case O_WINDOW:
			if (!parse_ulong(a, 1, LG_MAX_WINDOW, &v))
				return fail(err, errlen, "--window: 1-%u, not '%s'", LG_MAX_WINDOW, a);
			o->window = (uint32_t)v;
			break;
		case O_LIFETIME:
			if (!parse_ulong(a, 4, 262140, &v))
				return fail(err, errlen, "--lifetime: 4-262140 s, not '%s'", a);
			o->lifetime = (uint32_t)v;
			break;
		case O_REFRESHES:
		case O_MOVES:
			if (!parse_ulong(a, 0, 1000000, &v))
				return fail(err, errlen, "--%s: 0-1000000, not '%s'",
					    c == O_MOVES ? "moves" : "refreshes", a);
			*(c == O_MOVES ? &o->moves : &o->refreshes) = (uint32_t)v;
			break;
		case O_DURATION:
			if (!parse_double(a, 0, 86400, &o->duration))
				return fail(err, errlen, "--duration: 0-86400 s, not '%s'", a);
			break;
		case O_TIMEOUT:
			if (!parse_double(a, 0.01, 600, &o->timeout))
				return fail(err, errlen, "--timeout: 0.01-600 s, not '%s'", a);
			break;
		case O_PER_PREFIX:
			if (!parse_ulong(a, 1, LG_MAX_NODES, &v))
				return fail(err, errlen, "--per-prefix: 1-%u, not '%s'", LG_MAX_NODES, a);
			o->per_prefix = (uint32_t)v;
			break;
		case O_KEEP:
			o->keep = true;
			break;
		case O_FLOOD:
			if (!strcmp(a, "max"))
				o->flood_rate = -1;
			else if (!parse_double(a, 0, 1e7, &o->flood_rate))
				return fail(err, errlen, "--flood: 0-10000000 packets/s or max, not '%s'", a);
			break;
		case O_FLOOD_PREFIX:
			if (!parse_prefix(a, 64, &o->flood))
				return fail(err, errlen, "--flood-prefix: a prefix of length 8-64, not '%s'", a);
			have_flood_prefix = true;
			break;
		case O_FLOOD_MIX:
			if (!parse_mix(a, &o->flood_mix))
				return fail(err, errlen, "--flood-mix: unknown kind in '%s'", a);
			break;
		case O_HA_PID:
			if (!parse_ulong(a, 1, 1u << 30, &v))
				return fail(err, errlen, "--ha-pid: not a process id: '%s'", a);
			o->ha_pid = (int)v;
			break;
		case O_HA_NETNS:
			if (!*a || strchr(a, '/') || strchr(a, '\''))
				return fail(err, errlen, "--ha-netns: bad namespace name '%s'", a);
			o->ha_netns = a;
			break;
		case O_TRIES:
			if (!parse_ulong(a, 1, 100, &v))
				return fail(err, errlen, "--tries: 1-100, not '%s'", a);
			o->tries = (uint32_t)v;
			break;
		case O_FIRST:
			if (!parse_ulong(a, 0, LG_MAX_NODES, &v))
				return fail(err, errlen, "--first: 0-%u, not '%s'", LG_MAX_NODES, a);
			o->first = (uint32_t)v;
			break;
		case O_JSON:
			o->json = a;
			break;
		case ':':
			return fail(err, errlen, "option '%s' needs a value", argv[optind - 1]);
		default:
			return fail(err, errlen, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return fail(err, errlen, "unexpected argument '%s'", argv[optind]);
	if (!o->ifname || !have_ha || !have_home || !have_coa)
		return fail(err, errlen, "-i, --ha, --home and --coa are required");
	if (memcmp(&o->ha, &o->home.addr, 8))
		return fail(err, errlen, "--ha: the home agent's address must be in the home prefix");
	if (!have_flood_prefix)
		o->flood = o->coa;
	/* the /64s the care-of addresses need must exist in the visited prefix */
	if (o->coa.len < 64 && 64 - o->coa.len < 32 &&
	    ((uint64_t)o->first + o->nodes + o->per_prefix - 1) / o->per_prefix >
	    (1ull << (64 - o->coa.len)))
		return fail(err, errlen, "--coa: /%u holds too few /64s for %u nodes at %u per /64",
			    o->coa.len, o->nodes, o->per_prefix);
	if (o->coa.len == 64 && o->nodes > o->per_prefix)
		o->per_prefix = o->nodes ? o->nodes : 1;
	if (o->first + o->nodes > LG_MAX_NODES)
		return fail(err, errlen, "--first + -n: at most %u", LG_MAX_NODES);
	if (o->nodes == 0 && o->flood_rate == 0)
		return fail(err, errlen, "nothing to do: -n 0 and no --flood");
	if (o->nodes == 0 && o->duration == 0)
		return fail(err, errlen, "a flood alone (-n 0) needs --duration");
	return 0;
}
