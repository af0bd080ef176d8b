/* Fuzz input format: one byte selecting the link type, then one frame. */
#ifndef MIP6_FUZZ_DLT_H
#define MIP6_FUZZ_DLT_H

#include <pcap/pcap.h>

static const int fuzz_dlts[] = {
	DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW, DLT_IEEE802_11_RADIO, DLT_IEEE802_11,
};
#define FUZZ_N_DLT ((int)(sizeof(fuzz_dlts) / sizeof(fuzz_dlts[0])))

#endif
