/* Time-ordered packet lists of the golden scenarios (scenarios.c), for the
 * scenarios written in other files: packets added in any order, written
 * sorted by time (stable) into one capture file. */
#ifndef MIP6_TEST_PLIST_H
#define MIP6_TEST_PLIST_H

#include "writer.h"

struct ent;

struct plist {
	struct ent *v;
	size_t n, cap;
};

struct ent *pl_add(struct plist *l, wts_t t, const uint8_t *b, size_t len);
/* Writes dir/name with link type dlt and empties the list. */
int pl_flush(struct plist *l, const char *dir, const char *name, int dlt);
int pl_events(const char *dir, const char *text);	/* dir/events.log */
/* A frame that already carries its link layer (radiotap and 802.11). */
void pl_add_frame(struct plist *l, wts_t t, const uint8_t *b, size_t len);
/* An IPv6 packet in an 802.11 data frame: addresses and DS bits as given. */
void pl_add_air(struct plist *l, wts_t t, const uint8_t *b, size_t len, const uint8_t *a1,
		const uint8_t *a2, const uint8_t *a3, uint8_t ds);

/* scenarios_ro.c: the Route Optimization scenarios; -1 for another name. */
int w_scenario_ro(const char *name, const char *dir);
/* scenarios_l2.c: the L2-in-parts scenarios (names l2-*). */
int w_scenario_l2(const char *name, const char *dir);
/* scenarios_multi.c: several mobile nodes (names multi-*). */
int w_scenario_multi(const char *name, const char *dir);
/* scenarios_esp.c: ESP of the home registration, binding hijack (esp-*, hijack*). */
int w_scenario_esp(const char *name, const char *dir);
/* scenarios_had.c: home agent discovery, mobile prefixes, fail-over (dhaad*,
 * mpa, failover*). */
int w_scenario_had(const char *name, const char *dir);

#endif
