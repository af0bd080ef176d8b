/* vt.h - the virtual terminal: line-oriented TCP service on the loopback (127.0.0.1 and
 * ::1), prompt "mip6d> ", commands help, bc, bul, stats, quit (as in MIPL).
 *
 * Clients are served from the event loop without ever blocking it: output a client does
 * not take waits in a bounded queue, a client that leaves too much unread is dropped,
 * and sessions without a command for ten minutes are closed. */
#ifndef MIP6D_VT_H
#define MIP6D_VT_H

#include <stdint.h>
#include <stdio.h>

struct eloop;
struct engine;
struct vt;

/* Sessions at once; one more is answered "too many sessions" and closed. */
#define VT_MAX_CLIENTS 8

/* port 0 picks a free port (tests): see vt_port(). NULL with errno set on failure. */
struct vt *vt_open(struct eloop *el, struct engine *e, uint16_t port);
/* Extra lines for `stats` (the I/O side's counters). */
void vt_set_stats_hook(struct vt *vt, void (*hook)(FILE *out));
/* Closes sessions without a complete line for ms (ten minutes by default). */
void vt_set_idle_timeout(struct vt *vt, unsigned ms);
uint16_t vt_port(const struct vt *vt);
void vt_close(struct vt *vt);

/* Runs one command line and writes its answer; returns 1 when the client asked to quit. */
int vt_command(struct vt *vt, const char *line, FILE *out);

#endif
