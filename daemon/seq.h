/* seq.h - Binding Update sequence numbers, compared modulo 2^16 (RFC 6275 §9.5.1). */
#ifndef MIP6D_SEQ_H
#define MIP6D_SEQ_H

#include <stdbool.h>
#include <stdint.h>

/* a is newer than b when it lies in the half of the number space that follows b:
 * (a - b) mod 2^16 in [1, 2^15). Equal numbers are not newer. */
static inline bool seq_newer(uint16_t a, uint16_t b)
{
	uint16_t d = (uint16_t)(a - b);

	return d != 0 && d < 0x8000;
}

#endif
