/* g711.h - the mu-law encoder of ITU-T G.711 for mip6-rtp's voice payload. */
#ifndef PROBE_G711_H
#define PROBE_G711_H

#include <stddef.h>
#include <stdint.h>

/* One 16-bit linear sample to its mu-law octet (the sign, a 3-bit segment, a
 * 4-bit step, all inverted as transmitted: silence is 0xff). */
uint8_t g711_ulaw(int16_t sample);

/* n octets of a tone of hz at 8000 samples/s and half of full scale, from
 * sample number first on (so that consecutive packets join up). */
void g711_tone(uint8_t *out, size_t n, uint64_t first, double hz);

#endif
