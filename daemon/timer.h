/* timer.h - the engine's timers: a binary min-heap of deadlines embedded in their owners,
 * so that 100,000 bindings cost one pointer each in the heap and O(log n) per change. */
#ifndef MIP6D_TIMER_H
#define MIP6D_TIMER_H

#include <stdbool.h>
#include <stdint.h>

struct etimer;
/* Called when t is due; ctx is what the heap's owner passes (the engine). The owner of
 * the timer finds itself with container_of. */
typedef void (*etimer_fn)(struct etimer *t, void *ctx);

struct etimer {
	uint64_t when;          /* absolute monotonic ms */
	uint32_t idx;           /* position in the heap + 1; 0 = not armed */
	etimer_fn fire;
};

struct theap {
	struct etimer **v;
	uint32_t n, cap;
};

static inline bool etimer_armed(const struct etimer *t)
{
	return t->idx != 0;
}

void theap_free(struct theap *h);
/* Room for n armed timers, so that arming up to n cannot fail. 0 or -ENOMEM. */
int theap_reserve(struct theap *h, uint32_t n);
/* Arms t at `when`, or moves it there when already armed. Returns 0 or -ENOMEM. */
int theap_arm(struct theap *h, struct etimer *t, uint64_t when);
void theap_disarm(struct theap *h, struct etimer *t);
/* The earliest armed timer, NULL when none. */
static inline struct etimer *theap_top(const struct theap *h)
{
	return h->n ? h->v[0] : 0;
}

#endif
