/* Growable arrays for the analyzer's per-run lists. Kept apart from the
 * analyzer proper so that every file can grow its lists without depending
 * on the packet path. */
#ifndef MIP6_AN_VEC_H
#define MIP6_AN_VEC_H

#include <stddef.h>

/* arr with room for at least need elements of elem bytes (capacity doubles
 * from 16), *cap updated; NULL on allocation failure, arr then untouched. */
void *an_grow(void *arr, size_t *cap, size_t need, size_t elem);

#endif
