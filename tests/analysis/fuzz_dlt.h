/* Fuzz input format shared by the harness and the seed writer:
 *   byte 0: link type of point A (index into fuzz_dlts)
 *   then records: flags (bit 0: point B = the air capture, bits 1-7: time
 *   step in ms), length (2 bytes, big-endian), that many frame bytes.
 * A record cut short is given to the analyzer as a snap-length cut. */
#ifndef MIP6_FUZZ_DLT_H
#define MIP6_FUZZ_DLT_H

#include <pcap/pcap.h>

static const int fuzz_dlts[] = {
	DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW, DLT_IEEE802_11_RADIO, DLT_IEEE802_11,
};
#define FUZZ_N_DLT ((int)(sizeof(fuzz_dlts) / sizeof(fuzz_dlts[0])))

#endif
