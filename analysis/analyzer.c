/* Analyzer lifetime, capture points and link-layer dispatch. */
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>

#include "an.h"
#include "bytes.h"
#include "esp.h"
#include "had.h"
#include "hijack.h"
#include "nodes.h"
#include "ro.h"

#define ETH_P_IPV6_ 0x86dd

void an_init(struct analyzer *an)
{
	memset(an, 0, sizeof(*an));
	an->ref_point = -1;
	an->cur_sta = -1;
	an->t_first = an->t_last = T_NONE;
	an->jitter_buffer_ns = RTP_DEFAULT_JB_MS * 1000000LL;
}

void an_free(struct analyzer *an)
{
	for (int i = 0; i < an->n_points; i++) {
		free(an->ps[i].ex);
		hoa_map_free(&an->ps[i].hoas);
		free(an->ps[i].rf);
		free(an->ps[i].ra);
		free(an->ps[i].dad);
		free(an->ps[i].anchor_bu);
	}
	for (size_t i = 0; i < an->flow_cap; i++) {
		free(an->flows[i].gaps);
		free(an->flows[i].win);
	}
	free(an->flows);
	free(an->echo);
	free(an->l2);
	free(an->moves);
	free(an->all_moves);
	free(an->anchor_join);
	free(an->ho);
	an_streams_free(an);
	an_nodes_free(an);
	ro_free(an);
	esp_free(an);
	hj_free(an);
	had_free(an);
	memset(an, 0, sizeof(*an));
}

static void copy_str(char *dst, size_t n, const char *src)
{
	size_t l = strnlen(src, n - 1);

	memmove(dst, src, l);
	dst[l] = '\0';
}

int an_add_point(struct analyzer *an, const char *file, int dlt, const char *dlt_name)
{
	struct point *pt;
	const char *base = strrchr(file, '/');
	char *dot, *dash;

	if (an->n_points == AN_MAX_POINTS)
		return -1;
	pt = &an->points[an->n_points];
	memset(pt, 0, sizeof(*pt));
	copy_str(pt->file, sizeof(pt->file), file);
	copy_str(pt->name, sizeof(pt->name), base ? base + 1 : file);
	dot = strstr(pt->name, ".pcap");
	if (dot)
		*dot = '\0';
	copy_str(pt->node, sizeof(pt->node), pt->name);
	dash = strchr(pt->node, '-');
	if (dash)
		*dash = '\0';
	pt->dlt = dlt;
	pt->dlt_name = dlt_name;
	pt->is_air = dlt == DLT_IEEE802_11_RADIO || dlt == DLT_IEEE802_11;
	pt->is_mn = !pt->is_air && an->mn_node[0] && strcmp(pt->node, an->mn_node) == 0;
	pt->on_mn = pt->is_mn;
	/* Another mobile node moving in events.log: its own capture too. */
	for (size_t i = 0; !pt->is_air && i < an->n_all_moves && !pt->on_mn; i++)
		pt->on_mn = strcmp(pt->node, an->all_moves[i].node) == 0;
	return an->n_points++;
}

/* Ethernet, possibly with 802.1Q / 802.1ad tags. */
static void eth(struct analyzer *an, int point, ts_t t, const uint8_t *p, size_t len, bool trunc)
{
	size_t off = 12;
	uint16_t type;

	for (int tags = 0;; tags++) {
		if (len < off + 2) {
			an->malformed_l2++;
			return;
		}
		type = get_be16(p + off);
		if ((type != 0x8100 && type != 0x88a8) || tags == 2)
			break;
		off += 4;
	}
	off += 2;
	if (type != ETH_P_IPV6_) {
		an->n_non_ipv6++;
		return;
	}
	an_ip6(an, point, t, p + off, len - off, trunc, an->points[point].on_mn);
}

/* Radiotap (radiotap.org): it_len covers the header; the Flags field says
 * whether the frame ends with an FCS. */
static void radiotap(struct analyzer *an, int point, ts_t t, const uint8_t *p, size_t len)
{
	size_t hlen, off = 4;
	uint32_t present;
	bool fcs = false;

	if (len < 8) {
		an->malformed_l2++;
		return;
	}
	hlen = p[2] | (size_t)p[3] << 8;
	if (hlen < 8 || hlen > len) {
		an->malformed_l2++;
		return;
	}
	present = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
	/* Skip extended presence words. */
	for (uint32_t w = present; w & 0x80000000u; ) {
		off += 4;
		if (off + 4 > hlen) {
			an->malformed_l2++;
			return;
		}
		w = (uint32_t)p[off] | (uint32_t)p[off + 1] << 8 |
		    (uint32_t)p[off + 2] << 16 | (uint32_t)p[off + 3] << 24;
	}
	off += 4;
	if (present & 1) {		/* TSFT: u64, 8-byte aligned */
		off = (off + 7) & ~(size_t)7;
		off += 8;
	}
	if (present & 2) {		/* Flags: u8 */
		if (off >= hlen) {
			an->malformed_l2++;
			return;
		}
		fcs = p[off] & 0x10;
	}
	len -= hlen;
	if (fcs) {
		if (len < 4) {
			an->malformed_l2++;
			return;
		}
		len -= 4;
	}
	an_l2_frame(an, point, t, p + hlen, len);
}

void an_packet(struct analyzer *an, int point, ts_t t, const uint8_t *p,
	       size_t caplen, size_t len)
{
	struct point *pt = &an->points[point];
	bool trunc = caplen < len;

	an->cur_trunc = trunc;
	an->n_packets++;
	pt->packets++;
	if (an->t_first == T_NONE || t < an->t_first)
		an->t_first = t;
	if (an->t_last == T_NONE || t > an->t_last)
		an->t_last = t;

	switch (pt->dlt) {
	case DLT_EN10MB:
		eth(an, point, t, p, caplen, trunc);
		break;
	case DLT_LINUX_SLL:
		if (caplen < 16) {
			an->malformed_l2++;
			break;
		}
		if (get_be16(p + 14) != ETH_P_IPV6_) {
			an->n_non_ipv6++;
			break;
		}
		an_ip6(an, point, t, p + 16, caplen - 16, trunc, pt->on_mn);
		break;
	case DLT_LINUX_SLL2:
		if (caplen < 20) {
			an->malformed_l2++;
			break;
		}
		if (get_be16(p) != ETH_P_IPV6_) {
			an->n_non_ipv6++;
			break;
		}
		an_ip6(an, point, t, p + 20, caplen - 20, trunc, pt->on_mn);
		break;
	case DLT_RAW:
	case DLT_IPV6:
		if (caplen < 1 || p[0] >> 4 != 6) {
			an->n_non_ipv6++;
			break;
		}
		an_ip6(an, point, t, p, caplen, trunc, pt->on_mn);
		break;
	case DLT_IEEE802_11_RADIO:
		radiotap(an, point, t, p, caplen);
		break;
	case DLT_IEEE802_11:
		an_l2_frame(an, point, t, p, caplen);
		break;
	default:
		an->n_other_dlt++;
		break;
	}
}
