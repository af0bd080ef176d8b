/* libFuzzer harness over the analyzer's packet entry point (an_packet):
 * byte 0 picks the link type (and, in its high bits, a snap-length cut),
 * the rest is the frame. Each input goes through decode, the trackers,
 * handover assembly and every report writer. */
#include <stdint.h>
#include <stdio.h>

#include "an.h"
#include "fuzz_dlt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct analyzer an;
	static FILE *null;
	int point;
	size_t len;

	if (size < 1)
		return 0;
	if (!null)
		null = fopen("/dev/null", "w");
	an_init(&an);
	snprintf(an.mn_node, sizeof(an.mn_node), "raven");
	point = an_add_point(&an, "raven-wlan0.pcap", fuzz_dlts[data[0] % FUZZ_N_DLT], "fuzz");
	an.points[point].is_mn = true;
	/* The same frame twice: the second as the air or the MN sees it later. */
	len = size - 1 + (data[0] >> 4);
	an_packet(&an, point, 1000, data + 1, size - 1, len);
	an_packet(&an, point, 2000, data + 1, size - 1, size - 1);
	an_finish(&an);
	report_text(&an, null);
	report_json(&an, null);
	report_csv(&an, null);
	report_svg(&an, null);
	an_free(&an);
	return 0;
}
