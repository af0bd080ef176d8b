/* The run's event loop: one thread, sends in batches, reads without waiting, sleeps
 * in ppoll() only when neither the window nor the pace allows a BU. */
#include <poll.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "addr.h"
#include "bacheck.h"
#include "flood.h"
#include "ip6pkt.h"
#include "run.h"
#include "wire.h"

struct node {
	uint64_t sent_ns;	/* when the BU awaited went out */
	uint16_t seq;		/* the last BU's */
	uint16_t acked_seq;	/* the last one the HA accepted */
	uint16_t gen;		/* care-of address generation (moves) */
	uint8_t waiting, tries, registered, has_acked;	/* tries: BUs lost in this step */
};

struct pending {		/* BUs in send order, for their timeouts */
	uint32_t node;
	uint16_t seq;
	uint64_t sent_ns;
};

struct run {
	const struct lg_opts *o;
	struct lg_stats *s;
	struct lg_plan plan;
	struct lg_wire *w;
	struct node *nodes;
	struct pending *ring;
	size_t ring_cap, ring_head, ring_n;
	uint32_t *retry;	/* nodes whose BU was lost, to send again */
	size_t nretry;
	int phase;		/* enum lg_phase; -1 before the first */
	uint32_t cursor, outstanding;
	uint64_t t0, next_send, flood_t0;
	uint64_t rng;
	unsigned flood_next_kind;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static double since(const struct run *r, uint64_t t)
{
	return (double)(t - r->t0) / 1e9;
}

static int ring_push(struct run *r, uint32_t node, uint16_t seq, uint64_t t)
{
	if (r->ring_n == r->ring_cap) {
		size_t cap = r->ring_cap ? r->ring_cap * 2 : 1024;
		struct pending *p = malloc(cap * sizeof(*p));

		if (!p)
			return -1;
		for (size_t i = 0; i < r->ring_n; i++)
			p[i] = r->ring[(r->ring_head + i) % r->ring_cap];
		free(r->ring);
		r->ring = p;
		r->ring_cap = cap;
		r->ring_head = 0;
	}
	r->ring[(r->ring_head + r->ring_n++) % r->ring_cap] = (struct pending){ node, seq, t };
	return 0;
}

static uint32_t asked_lifetime(const struct run *r)
{
	return r->phase == PH_DEREG ? 0 : r->o->lifetime;
}

/* The BU for node i in the current phase, queued on the wire. */
static int send_bu(struct run *r, uint32_t i, uint64_t t)
{
	struct node *n = &r->nodes[i];
	struct in6_addr hoa, coa;
	struct ip6_spec sp;
	struct mh_msg m;
	size_t len;
	uint8_t *slot = lg_wire_slot(r->w);

	if (!slot) {
		r->s->err[ERR_SEND] += lg_wire_flush(r->w);
		slot = lg_wire_slot(r->w);
	}
	n->seq++;
	lg_hoa(&r->plan, i, &hoa);
	lg_coa(&r->plan, i, n->gen, &coa);
	memset(&sp, 0, sizeof(sp));
	sp.src = coa;
	sp.dst = r->o->ha;
	sp.hoa = &hoa;
	mh_bu_init(&m, n->seq, MH_BU_A | MH_BU_H, asked_lifetime(r));
	if (ip6_build_mh(&sp, &m, slot, LG_PKT_MAX, &len) != PKT_OK)
		return -1;
	lg_wire_commit(r->w, len);
	if (r->phase == PH_DEREG)
		n->registered = 0;	/* no replays against it from now on */
	n->waiting = 1;
	n->sent_ns = t;
	r->outstanding++;
	r->s->ph[r->phase].sent++;
	return ring_push(r, i, n->seq, t);
}

/* The next node of the pass, its step begun (a move takes a new care-of address). */
static int next_of_pass(struct run *r, uint32_t *i)
{
	if (r->nretry) {
		*i = r->retry[--r->nretry];
		return 1;
	}
	if (r->cursor >= r->o->nodes)
		return 0;
	*i = r->cursor++;
	r->nodes[*i].tries = 0;
	if (r->phase == PH_MOVE)
		r->nodes[*i].gen++;
	return 1;
}

static void step_done(struct run *r, struct node *n, uint64_t t)
{
	n->waiting = 0;
	r->outstanding--;
	r->s->ph[r->phase].t_end = since(r, t);
}

static void check_timeouts(struct run *r, uint64_t t)
{
	uint64_t limit = (uint64_t)(r->o->timeout * 1e9);

	while (r->ring_n) {
		struct pending *p = &r->ring[r->ring_head];
		struct node *n = &r->nodes[p->node];
		int stale = !n->waiting || n->seq != p->seq;

		if (!stale && t - p->sent_ns < limit)
			break;
		r->ring_head = (r->ring_head + 1) % r->ring_cap;
		r->ring_n--;
		if (stale)
			continue;
		r->s->err[ERR_TIMEOUT]++;
		step_done(r, n, t);
		if (++n->tries >= r->o->tries)
			r->s->err[ERR_GAVE_UP]++;
		else
			r->retry[r->nretry++] = p->node;
	}
}

static void on_legit(struct run *r, const struct lg_rx *rx, uint64_t t)
{
	struct node *n = &r->nodes[rx->node];
	struct lg_ba_expect e;

	if (rx->kind == RX_BE) {
		r->s->err[ERR_BE]++;
		return;
	}
	if (rx->kind != RX_BA) {
		r->s->err[rx->kind == RX_MALFORMED ? ERR_MALFORMED : ERR_UNEXPECTED]++;
		return;
	}
	r->s->bas_checked++;
	r->s->status_seen[rx->m.ba.status]++;
	if (!n->waiting || (rx->m.ba.status < 128 && rx->m.ba.seq != n->seq)) {
		r->s->err[ERR_UNEXPECTED]++;
		return;
	}
	e.ha = r->o->ha;
	lg_hoa(&r->plan, (uint32_t)rx->node, &e.hoa);
	lg_coa(&r->plan, (uint32_t)rx->node, n->gen, &e.coa);
	e.seq = n->seq;
	e.lifetime = asked_lifetime(r);
	uint32_t bad = lg_ba_check(rx, &e);

	for (unsigned k = 0; k < ERR_COUNT; k++)
		if (bad & (1u << k))
			r->s->err[k]++;
	lg_lat_add(&r->s->ph[r->phase].lat, (uint32_t)((t - n->sent_ns) / 1000));
	if (rx->m.ba.status < 128) {
		r->s->ph[r->phase].acked++;
		n->acked_seq = n->seq;
		n->has_acked = 1;
		n->registered = r->phase != PH_DEREG;
	}
	step_done(r, n, t);
}

static void on_packet(struct run *r, const uint8_t *pkt, size_t len, uint64_t t)
{
	struct lg_rx rx;
	struct in6_addr coa;

	lg_rx_parse(pkt, len, &r->plan, &rx);
	if (rx.kind == RX_NOT_MH) {
		r->s->rx_other++;
		return;
	}
	if (rx.node >= 0) {
		lg_coa(&r->plan, (uint32_t)rx.node, r->nodes[rx.node].gen, &coa);
		/* an answer to a replay goes to the flood's source, not to the node */
		if (!memcmp(&coa, &rx.dst, sizeof(coa)) || !r->o->flood_rate ||
		    !lg_in_prefix(&rx.dst, &r->o->flood)) {
			on_legit(r, &rx, t);
			return;
		}
	}
	if (r->o->flood_rate && lg_in_prefix(&rx.dst, &r->o->flood))
		r->s->flood_answers++;
	else
		r->s->rx_other++;
}

static void send_flood(struct run *r, uint64_t t)
{
	const struct lg_opts *o = r->o;
	uint64_t due = LG_BATCH;
	unsigned n = 0;

	if (o->flood_rate > 0) {
		uint64_t total = 0, want = (uint64_t)((double)(t - r->flood_t0) / 1e9 * o->flood_rate);

		for (unsigned k = 0; k < FL_KINDS; k++)
			total += r->s->flood_sent[k];
		total += r->s->flood_send_errors;
		due = want > total ? want - total : 0;
		if (due > LG_BATCH)
			due = LG_BATCH;
	}
	for (; n < due; n++) {
		struct lg_flood_in in = {
			.ha = o->ha, .home = o->home, .flood = o->flood, .rng = &r->rng,
		};
		uint8_t *slot = lg_wire_slot(r->w);
		size_t len;

		do
			in.kind = (enum lg_flood_kind)(r->flood_next_kind++ % FL_KINDS);
		while (!(o->flood_mix & (1u << in.kind)));
		if (in.kind == FL_REPLAY && o->nodes) {
			uint32_t j = (uint32_t)(lg_rand(&r->rng) % o->nodes);

			if (r->nodes[j].has_acked && r->nodes[j].registered) {
				in.has_replay = 1;
				lg_hoa(&r->plan, j, &in.replay_hoa);
				in.replay_seq = (uint16_t)(r->nodes[j].acked_seq -
							   lg_rand(&r->rng) % 64);
			}
		}
		len = lg_flood_build(&in, slot, LG_PKT_MAX);
		if (!len)
			continue;
		lg_wire_commit(r->w, len);
		r->s->flood_sent[in.kind]++;
	}
	if (n)
		r->s->flood_send_errors += lg_wire_flush(r->w);
}

/* The phase after the one just finished; -1 at the end. */
static int next_phase(struct run *r, uint32_t *passes, uint64_t t)
{
	const struct lg_opts *o = r->o;

	if (!o->nodes)
		return -1;
	if (r->phase < 0)
		return PH_REGISTER;
	if (r->phase == PH_DEREG)
		return -1;
	(*passes)++;
	if (o->duration > 0) {
		/* one refresh and one move at least, however long the registrations took */
		if (since(r, t) < o->duration || *passes <= 2)
			return *passes % 2 ? PH_REFRESH : PH_MOVE;
	} else if (*passes <= o->refreshes) {
		return PH_REFRESH;
	} else if (*passes <= o->refreshes + o->moves) {
		return PH_MOVE;
	}
	return o->keep ? -1 : PH_DEREG;
}

static void begin_phase(struct run *r, int ph, uint64_t t)
{
	if (r->phase >= 0)
		r->s->ph[r->phase].seconds += since(r, t) - r->s->ph[r->phase].t_start;
	r->phase = ph;
	r->cursor = 0;
	if (ph >= 0) {
		r->s->ph[ph].t_start = since(r, t);
		r->s->ph[ph].t_end = since(r, t);
	}
	r->next_send = t;
}

/* A paced run that fell behind catches up at most this much at once: more would be a
 * burst at the home agent, which a paced measurement must not contain (a 30 ms hiccup
 * at the start sent 40 BUs within 4 ms at 1,300/s). */
#define PACE_SLACK_NS 2000000ull

/* How long the loop may sleep: a millisecond, or until the next paced BU is due. */
static struct timespec idle_wait(const struct run *r, uint64_t gap, uint64_t t)
{
	uint64_t ns = 1000000;

	if (gap && r->phase >= 0 && r->outstanding < r->o->window)
		ns = r->next_send <= t ? 0 : r->next_send - t < ns ? r->next_send - t : ns;
	return (struct timespec){ .tv_sec = 0, .tv_nsec = (long)ns };
}

int lg_run(const struct lg_opts *o, struct lg_stats *s, volatile sig_atomic_t *stop)
{
	struct lg_wire *w = malloc(sizeof(*w));
	struct run r = { .o = o, .s = s, .w = w, .phase = -1 };
	uint64_t gap = o->rate > 0 ? (uint64_t)(1e9 / o->rate) : 0;
	uint32_t passes = 0;
	bool flood = o->flood_rate != 0;
	int rc = 0;

	memset(s, 0, sizeof(*s));
	lg_plan_init(&r.plan, o);
	r.nodes = calloc(o->nodes ? o->nodes : 1, sizeof(*r.nodes));
	r.retry = calloc(o->nodes ? o->nodes : 1, sizeof(*r.retry));
	if (!w || !r.nodes || !r.retry || lg_wire_open(w, o->ifname, &o->ha) < 0) {
		free(w);
		free(r.nodes);
		free(r.retry);
		return -1;
	}
	/* Paced sends wake on time: the default slack of 50 us is a sixteenth of the gap at
	 * 1,300 BUs a second. */
	if (gap)
		prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	r.t0 = r.flood_t0 = now_ns();
	r.rng = r.t0 ^ 0x9e3779b97f4a7c15ull;
	/* random first numbers, as a mobile node's (RFC 6275 §11.7.1 leaves it free) */
	for (uint32_t i = 0; i < o->nodes; i++)
		r.nodes[i].seq = (uint16_t)lg_rand(&r.rng);
	begin_phase(&r, next_phase(&r, &passes, r.t0), r.t0);
	while (!*stop) {
		uint64_t t = now_ns();
		int busy = 0;

		if (r.phase < 0 && (!flood || since(&r, t) >= o->duration))
			break;
		check_timeouts(&r, t);
		if (r.phase >= 0) {
			uint32_t i;

			while (r.outstanding < o->window && (!gap || t >= r.next_send) &&
			       next_of_pass(&r, &i)) {
				if (send_bu(&r, i, t) < 0) {
					fprintf(stderr, "mip6-loadgen: out of memory\n");
					rc = -1;
					goto out;
				}
				busy = 1;
				r.next_send = gap ? (r.next_send + gap + PACE_SLACK_NS > t ?
						     r.next_send + gap : t) : t;
			}
			if (w->ntx)
				s->err[ERR_SEND] += lg_wire_flush(w);
			if (r.cursor >= o->nodes && !r.nretry && !r.outstanding)
				begin_phase(&r, next_phase(&r, &passes, t), t);
		}
		if (flood)
			send_flood(&r, t);
		for (int b = 0; b < 16; b++) {
			int n = lg_wire_recv(w);
			uint64_t tr = now_ns();

			if (n <= 0)
				break;
			busy = 1;
			for (int k = 0; k < n; k++)
				on_packet(&r, w->rxbuf[k], w->rxlen[k], tr);
		}
		if (!busy && !(flood && o->flood_rate < 0)) {
			struct pollfd pfd = { .fd = w->rx, .events = POLLIN };
			struct timespec ts = idle_wait(&r, gap, now_ns());

			ppoll(&pfd, 1, &ts, NULL);
		}
	}
out:
	if (r.phase >= 0)	/* stopped in the middle of a pass */
		begin_phase(&r, -1, now_ns());
	s->elapsed = since(&r, now_ns());
	lg_wire_close(w);
	free(w);
	free(r.nodes);
	free(r.retry);
	free(r.ring);
	return rc;
}
