/*
 * eloop.h - mip6d's event loop: file descriptors, signals and deadline sources, all
 * delivered as plain callbacks on one thread (the shape of hostapd's eloop).
 *
 * - The loop keeps no timers of its own. A deadline source (the engine's timer heap,
 *   timer.h; the VT's idle sessions) owns its timers and is asked for its earliest
 *   deadline before each wait; a new timed job of the engine joins its heap, so the
 *   protocol has one clock to reason about and one to test.
 * - Signals are caught with a self-pipe and the handler runs from the loop, never from
 *   signal context, so it may do anything.
 * - A handler may unregister itself or any other descriptor or source.
 * - Handlers must not block: the loop serves packets, timers and the VT in turn, so a
 *   descriptor that cannot take output now waits for writability instead.
 */
#ifndef MIP6D_ELOOP_H
#define MIP6D_ELOOP_H

#include <stdint.h>

struct eloop;

typedef void (*eloop_fd_fn)(int fd, void *ctx);
typedef void (*eloop_due_fn)(void *ctx);
typedef void (*eloop_signal_fn)(int signo, void *ctx);
/* Called before each wait; returns an absolute monotonic deadline in ms (UINT64_MAX: none). */
typedef uint64_t (*eloop_deadline_fn)(void *ctx);

struct eloop *eloop_new(void);
void eloop_free(struct eloop *el);

/* Monotonic clock, milliseconds. */
uint64_t eloop_now_ms(void);

/* Readable descriptors. Returns 0 or -errno. */
int eloop_add_fd(struct eloop *el, int fd, eloop_fd_fn fn, void *ctx);
void eloop_del_fd(struct eloop *el, int fd);

/* Writable descriptors, registered apart from reading: fn runs whenever fd can take
 * more output (or has failed), until cleared. Setting it again replaces fn and ctx.
 * Returns 0 or -errno. */
int eloop_set_writable(struct eloop *el, int fd, eloop_fd_fn fn, void *ctx);
void eloop_clear_writable(struct eloop *el, int fd);

int eloop_add_signal(struct eloop *el, int signo, eloop_signal_fn fn, void *ctx);

/* A client whose timers live elsewhere: deadline is asked for its next deadline before
 * each wait and due() called when it is reached. A few per loop; returns 0 or -errno. */
int eloop_add_deadline_source(struct eloop *el, eloop_deadline_fn deadline,
			      eloop_due_fn due, void *ctx);
void eloop_del_deadline_source(struct eloop *el, eloop_deadline_fn deadline, void *ctx);

/* Runs until eloop_terminate(); returns 0, or -errno when waiting failed. */
int eloop_run(struct eloop *el);
void eloop_terminate(struct eloop *el);

#endif
