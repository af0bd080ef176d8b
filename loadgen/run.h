/* The run: N mobile nodes stepping through the phases (register, refresh and move
 * passes, deregister), each BU waiting for its BA within a window or a pace, the flood
 * alongside; every packet read on the link is classified and every BA checked. */
#ifndef LG_RUN_H
#define LG_RUN_H

#include <signal.h>

#include "opts.h"
#include "stats.h"

/* Fills s; 0, or -1 when the sockets cannot be opened (message printed). A stop
 * request (*stop set by a signal) ends the run early with what was measured. */
int lg_run(const struct lg_opts *o, struct lg_stats *s, volatile sig_atomic_t *stop);

#endif
