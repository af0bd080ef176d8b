/* The ledger of kernel objects mip6d added: a defer stack. The file that
 * adds an object pushes the function that takes it away again, with the
 * argument that function needs; kern_close() runs what is still there,
 * newest first. The ledger knows no kinds of object, so a new kind needs
 * nothing here. Not for use outside kern_*. */
#ifndef MIP6D_KERN_LEDGER_H
#define MIP6D_KERN_LEDGER_H

#include <stdbool.h>
#include <stddef.h>

/* The longest identity an entry may have, in bytes. */
#define KERN_LEDGER_ID_MAX 96

/* Takes one object away again. arg: the ledger's copy of what was given to
 * kern_defer() (NULL when that was empty). Returns 0 or -errno. */
typedef int kern_undo_fn(const void *arg);

/* An entry is known by its undo function and an identity: bytes the owning
 * file chooses (zero the padding of a struct before filling it). Objects of
 * two kinds never collide, as their undo functions differ.
 *
 * Push an entry: undo(copy of arg) will run at kern_close(). When an entry
 * with this undo and identity is there already, it is kept as it was (its
 * place in the order and its argument): an object is recorded once, and the
 * first argument is the one to undo with (a sysctl's value from before us).
 * Returns 0, -EINVAL (identity too long) or -ENOMEM. */
int kern_defer(kern_undo_fn *undo, const void *id, size_t idlen,
	       const void *arg, size_t arglen);
/* Drop the entry without running it (the object was removed on purpose). */
void kern_forget(kern_undo_fn *undo, const void *id, size_t idlen);
bool kern_ledger_has(kern_undo_fn *undo, const void *id, size_t idlen);
/* Run every entry, newest first, and empty the ledger; a failing undo does
 * not stop the others. Entries pushed by the undo functions themselves are
 * dropped, not run. Returns 0 or the first error. */
int kern_ledger_unwind(void);

#endif
