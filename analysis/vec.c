/* Growable arrays (vec.h). */
#include <stdlib.h>

#include "vec.h"

void *an_grow(void *arr, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return arr;
	while (n < need)
		n *= 2;
	p = realloc(arr, n * elem);
	if (!p)
		return NULL;
	*cap = n;
	return p;
}
