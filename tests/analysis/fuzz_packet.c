/* libFuzzer harness over the analyzer's packet entry point (an_packet):
 * a sequence of frames (format in fuzz_dlt.h) at two capture points, the
 * MN's and the air's, then handover assembly and every report writer. Each
 * frame for the MN's point is also captured at cn's (a point neither the
 * MN's nor the air: the probe RTTs and RO seen from the correspondent). UDP
 * reaches the RTP stream code (rtp.c, common/rtp.c) both ways: by the header
 * heuristics, and for port 5004 to the home address as an announced stream
 * when bit 0x40 of the first byte is set; bits 0x30 pick the jitter buffer.
 * Bit 0x80: a move of the MN, and one of cn as another mobile node, then a
 * home agent's stop (events.log ha-stop: the fail-over code, had.c).
 * ESP (esp.c) with the golden scenarios' SAs (tests/analysis/writer_esp.c,
 * so that their seeds open), and SPIs 0x2000 (NULL) and 0x2001 (AES-CBC)
 * without integrity, so that the fuzzer reaches the decryption, the trailer
 * and the Mobility Header inside without forging an HMAC. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>

#include <string.h>

#include "an.h"
#include "esp.h"
#include "fuzz_dlt.h"
#include "had.h"
#include "nodes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fixed_sas(struct analyzer *an)
{
	static const uint8_t bu_auth[20] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
					     17, 18, 19, 20 };
	static const uint8_t ba_auth[20] = { 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19,
					     0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22,
					     0x23, 0x24 };
	struct esp_sa sa[4] = {
		{ .spi = 0x1000, .enc = ESP_ENC_NULL, .icv_len = ESP_ICV_LEN },
		{ .spi = 0x1001, .enc = ESP_ENC_AES_CBC, .enc_key_len = 16, .icv_len = ESP_ICV_LEN },
		{ .spi = 0x2000, .enc = ESP_ENC_NULL },
		{ .spi = 0x2001, .enc = ESP_ENC_AES_CBC, .enc_key_len = 16 },
	};

	for (int i = 0; i < 4; i++) {
		inet_pton(AF_INET6, i % 2 ? "2001:db8::" : "2001:db8::beef", &sa[i].src);
		inet_pton(AF_INET6, i % 2 ? "2001:db8::beef" : "2001:db8::", &sa[i].dst);
		memcpy(sa[i].auth_key, i % 2 ? ba_auth : bu_auth, 20);
		for (int k = 0; k < 16; k++)
			sa[i].enc_key[k] = (uint8_t)k;
		esp_sa_add(an, &sa[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct analyzer an;
	static FILE *null;
	int pa, pb, pc;
	size_t off = 1;
	ts_t t = 1795672800LL * NS_PER_SEC;

	if (size < 1)
		return 0;
	if (!null)
		null = fopen("/dev/null", "w");
	an_init(&an);
	snprintf(an.mn_node, sizeof(an.mn_node), "raven");
	pa = an_add_point(&an, "raven-wlan0.pcap", fuzz_dlts[data[0] % FUZZ_N_DLT], "fuzz");
	pb = an_add_point(&an, "air.pcap", DLT_IEEE802_11_RADIO, "fuzz");
	pc = an_add_point(&an, "cn-eth0.pcap", an.points[pa].dlt, "fuzz");
	an.jitter_buffer_ns = (int64_t)((data[0] >> 4) & 3) * 40 * 1000000LL;
	fixed_sas(&an);
	if (data[0] & 0x40) {
		struct stream_cfg *c = &an.stream_cfg[an.n_stream_cfg++];

		memset(c, 0, sizeof(*c));
		snprintf(c->kind, sizeof(c->kind), "voice");
		snprintf(c->rx, sizeof(c->rx), "raven");
		inet_pton(AF_INET6, "2001:db8::beef", &c->dst);
		c->dport = 5004;
		c->pt = 0;
		c->clock = 8000;
	}
	/* The move window logic too: one move early in the stream; cn moves
	 * 1 ms later as another mobile node, its capture then its own. */
	if (data[0] & 0x80) {
		static struct ev_move mv[2];

		mv[0].t = t + 5 * 1000000LL;
		snprintf(mv[0].node, sizeof(mv[0].node), "raven");
		mv[1].t = t + 6 * 1000000LL;
		snprintf(mv[1].node, sizeof(mv[1].node), "cn");
		an.moves = &mv[0];
		an.n_moves = 1;
		an.all_moves = mv;
		an.n_all_moves = 2;
		an.points[pc].on_mn = true;
		had_ha_stop(&an, t + 10 * 1000000LL, "denali", 6, NULL);
	}
	while (size - off >= 3) {
		uint8_t fl = data[off];
		size_t len = (size_t)data[off + 1] << 8 | data[off + 2];
		size_t cap;

		off += 3;
		cap = len < size - off ? len : size - off;
		t += (ts_t)(fl >> 1) * 1000000LL;
		an_packet(&an, fl & 1 ? pb : pa, t, data + off, cap, len);
		if (!(fl & 1))
			an_packet(&an, pc, t, data + off, cap, len);
		off += cap;
	}
	an_finish(&an);
	report_text(&an, null);
	report_json(&an, null);
	report_csv(&an, null);
	report_csv_streams(&an, null);
	report_csv_nodes(&an, null);
	report_svg(&an, null);
	an.moves = an.all_moves = NULL;	/* static, not ours to free */
	an.n_moves = an.n_all_moves = 0;
	an_free(&an);
	return 0;
}
