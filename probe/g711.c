/* g711.c - mu-law encoding (ITU-T G.711): the magnitude plus a bias of 132 is
 * cut at 32635; its highest set bit above bit 7 gives the segment (0-7), the
 * four bits below that bit the step; the octet is sign|segment|step inverted. */
#include <math.h>

#include "g711.h"

#define ULAW_BIAS 0x84
#define ULAW_CLIP 32635

uint8_t g711_ulaw(int16_t sample)
{
	int v = sample, sign = 0, seg = 0;

	if (v < 0) {
		v = -v;
		sign = 0x80;
	}
	if (v > ULAW_CLIP)
		v = ULAW_CLIP;
	v += ULAW_BIAS;
	/* 128-255: segment 0, 256-511: 1, ... 16384-32767: 7. */
	for (int b = v >> 8; b; b >>= 1)
		seg++;
	return (uint8_t)~(sign | seg << 4 | ((v >> (seg + 3)) & 0x0f));
}

void g711_tone(uint8_t *out, size_t n, uint64_t first, double hz)
{
	const double two_pi = 6.283185307179586;

	for (size_t i = 0; i < n; i++) {
		double ph = two_pi * hz * (double)((first + i) % 8000) / 8000;

		out[i] = g711_ulaw((int16_t)lrint(16383 * sin(ph)));
	}
}
