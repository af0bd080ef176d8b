/* mip6-hwsim's netlink layer without a kernel: the bytes of each request, and
 * canned kernel replies, well-formed and broken. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "msg.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the expected byte strings below are little-endian"
#endif

#define FAM 0x1c

static char buf[HWSIM_BUF_SIZE] __attribute__((aligned(4)));

/* ---- requests ------------------------------------------------------------ */

static void test_new_radio_bytes(void **state)
{
	static const uint8_t want[] = {
		44, 0, 0, 0,  FAM, 0,  0x05, 0x00,  7, 0, 0, 0,  0, 0, 0, 0,
		HWSIM_CMD_NEW_RADIO, 1, 0, 0,
		8, 0, HWSIM_ATTR_CHANNELS, 0,  1, 0, 0, 0,
		14, 0, HWSIM_ATTR_RADIO_NAME, 0,  'm', 'i', 'p', '6', 'l', 'a', 'b', '-', 'a', 0,
		0, 0,
	};
	struct nlmsghdr *nlh = hwsim_msg_new_radio(buf, sizeof(buf), FAM, 7, "mip6lab-a", 1);

	(void)state;
	assert_non_null(nlh);
	assert_int_equal(nlh->nlmsg_len, sizeof(want));
	assert_memory_equal(nlh, want, sizeof(want));
}

static void test_new_radio_channels(void **state)
{
	struct nlmsghdr *nlh = hwsim_msg_new_radio(buf, sizeof(buf), FAM, 1, "r", 2);
	const struct nlattr *a = mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);

	(void)state;
	assert_int_equal(mnl_attr_get_type(a), HWSIM_ATTR_CHANNELS);
	assert_int_equal(mnl_attr_get_u32(a), 2);
}

static void test_new_radio_refuses(void **state)
{
	char longname[HWSIM_NAME_MAX + 2];

	(void)state;
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_null(hwsim_msg_new_radio(buf, sizeof(buf), FAM, 1, "", 1));
	assert_null(hwsim_msg_new_radio(buf, sizeof(buf), FAM, 1, NULL, 1));
	assert_null(hwsim_msg_new_radio(buf, sizeof(buf), FAM, 1, longname, 1));
	assert_null(hwsim_msg_new_radio(buf, sizeof(buf), FAM, 1, "ok", 0));
	/* Exactly the limit is fine. */
	longname[HWSIM_NAME_MAX] = '\0';
	assert_non_null(hwsim_msg_new_radio(buf, sizeof(buf), FAM, 1, longname, 1));
	/* Too small a buffer: no overflow, no message. */
	assert_null(hwsim_msg_new_radio(buf, 30, FAM, 1, "mip6lab-a", 1));
	assert_null(hwsim_msg_new_radio(buf, 8, FAM, 1, "mip6lab-a", 1));
}

static void test_del_radio_name_bytes(void **state)
{
	static const uint8_t want[] = {
		28, 0, 0, 0,  FAM, 0,  0x05, 0x00,  9, 0, 0, 0,  0, 0, 0, 0,
		HWSIM_CMD_DEL_RADIO, 1, 0, 0,
		6, 0, HWSIM_ATTR_RADIO_NAME, 0,  'r', 0,  0, 0,
	};
	struct nlmsghdr *nlh = hwsim_msg_del_radio_name(buf, sizeof(buf), FAM, 9, "r");

	(void)state;
	assert_non_null(nlh);
	assert_int_equal(nlh->nlmsg_len, sizeof(want));
	assert_memory_equal(nlh, want, sizeof(want));
	assert_null(hwsim_msg_del_radio_name(buf, sizeof(buf), FAM, 9, ""));
}

static void test_del_and_get_by_id_bytes(void **state)
{
	static const uint8_t want[] = {
		28, 0, 0, 0,  FAM, 0,  0x05, 0x00,  3, 0, 0, 0,  0, 0, 0, 0,
		HWSIM_CMD_DEL_RADIO, 1, 0, 0,
		8, 0, HWSIM_ATTR_RADIO_ID, 0,  0x2a, 0x01, 0, 0,
	};
	struct nlmsghdr *nlh = hwsim_msg_del_radio_id(buf, sizeof(buf), FAM, 3, 0x12a);

	(void)state;
	assert_non_null(nlh);
	assert_memory_equal(nlh, want, sizeof(want));

	nlh = hwsim_msg_get_radio(buf, sizeof(buf), FAM, 3, 0x12a);
	assert_non_null(nlh);
	assert_int_equal(((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd,
			 HWSIM_CMD_GET_RADIO);
	assert_memory_equal((char *)nlh + 20, want + 20, 8);
}

static void test_dump_bytes(void **state)
{
	static const uint8_t want[] = {
		20, 0, 0, 0,  FAM, 0,  0x01, 0x03,  5, 0, 0, 0,  0, 0, 0, 0,
		HWSIM_CMD_GET_RADIO, 1, 0, 0,
	};
	struct nlmsghdr *nlh = hwsim_msg_dump_radios(buf, sizeof(buf), FAM, 5);

	(void)state;
	assert_non_null(nlh);
	assert_int_equal(nlh->nlmsg_len, sizeof(want));
	assert_memory_equal(nlh, want, sizeof(want));
}

static void test_get_family_bytes(void **state)
{
	static const uint8_t want[] = {
		40, 0, 0, 0,  GENL_ID_CTRL, 0,  0x05, 0x00,  1, 0, 0, 0,  0, 0, 0, 0,
		CTRL_CMD_GETFAMILY, 1, 0, 0,
		19, 0, CTRL_ATTR_FAMILY_NAME, 0,
		'M', 'A', 'C', '8', '0', '2', '1', '1', '_', 'H', 'W', 'S', 'I', 'M', 0,  0,
	};
	struct nlmsghdr *nlh = hwsim_msg_get_family(buf, sizeof(buf), 1);

	(void)state;
	assert_non_null(nlh);
	assert_int_equal(nlh->nlmsg_len, sizeof(want));
	assert_memory_equal(nlh, want, sizeof(want));
}

/* ---- canned replies ------------------------------------------------------ */

static struct nlmsghdr *reply(void *at, uint16_t type, uint8_t cmd, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(at);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = 77;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	return nlh;
}

/* What 6.1's mac80211_hwsim_get_radio() sends: id, channels, name without NUL. */
static struct nlmsghdr *radio_reply(void *at, uint32_t seq, uint32_t id, const char *name)
{
	struct nlmsghdr *nlh = reply(at, FAM, HWSIM_CMD_GET_RADIO, seq);

	mnl_attr_put_u32(nlh, HWSIM_ATTR_RADIO_ID, id);
	mnl_attr_put_u32(nlh, HWSIM_ATTR_CHANNELS, 1);
	mnl_attr_put(nlh, HWSIM_ATTR_RADIO_NAME, strlen(name), name);
	return nlh;
}

static void test_parse_family(void **state)
{
	struct nlmsghdr *nlh = reply(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, 1);
	uint16_t fam = 0;

	(void)state;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, HWSIM_FAMILY_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x23);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, 2);	/* other attributes: ignored */
	assert_int_equal(hwsim_parse_family(nlh, &fam), 0);
	assert_int_equal(fam, 0x23);
}

static void test_parse_family_bad(void **state)
{
	struct nlmsghdr *nlh;
	uint16_t fam = 0;

	(void)state;
	/* Another family's answer. */
	nlh = reply(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nl80211");
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x23);
	assert_int_equal(hwsim_parse_family(nlh, &fam), -EBADMSG);
	/* No id. */
	nlh = reply(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, HWSIM_FAMILY_NAME);
	assert_int_equal(hwsim_parse_family(nlh, &fam), -EBADMSG);
	/* Id of the wrong size. */
	mnl_attr_put_u32(nlh, CTRL_ATTR_FAMILY_ID, 0x23);
	assert_int_equal(hwsim_parse_family(nlh, &fam), -EBADMSG);
	/* A fixed id is not a dynamic family. */
	nlh = reply(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, HWSIM_FAMILY_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, GENL_ID_CTRL);
	assert_int_equal(hwsim_parse_family(nlh, &fam), -EBADMSG);
	/* Not a control message at all. */
	nlh = reply(buf, FAM, CTRL_CMD_NEWFAMILY, 1);
	assert_int_equal(hwsim_parse_family(nlh, &fam), -EBADMSG);
	assert_int_equal(fam, 0);
}

static void test_parse_radio(void **state)
{
	struct nlmsghdr *nlh = radio_reply(buf, 1, 3, "mip6lab-denali0");
	struct hwsim_radio r;

	(void)state;
	assert_int_equal(hwsim_parse_radio(nlh, FAM, &r), 0);
	assert_int_equal(r.id, 3);
	assert_int_equal(r.channels, 1);
	assert_string_equal(r.name, "mip6lab-denali0");

	/* A NUL-terminated name (older kernels) reads the same. */
	nlh = reply(buf, FAM, HWSIM_CMD_GET_RADIO, 1);
	mnl_attr_put_strz(nlh, HWSIM_ATTR_RADIO_NAME, "phy0");
	mnl_attr_put_u32(nlh, HWSIM_ATTR_RADIO_ID, 0);
	assert_int_equal(hwsim_parse_radio(nlh, FAM, &r), 0);
	assert_int_equal(r.id, 0);
	assert_int_equal(r.channels, 0);
	assert_string_equal(r.name, "phy0");
}

static void expect_bad_radio(struct nlmsghdr *nlh)
{
	struct hwsim_radio r = { .id = 999 };

	assert_int_equal(hwsim_parse_radio(nlh, FAM, &r), -EBADMSG);
	assert_int_equal(r.id, 999);	/* untouched */
}

static void test_parse_radio_malformed(void **state)
{
	char longname[HWSIM_NAME_MAX + 1];
	struct nlmsghdr *nlh;
	uint16_t two = 2;

	(void)state;
	memset(longname, 'x', sizeof(longname));

	nlh = reply(buf, FAM, HWSIM_CMD_GET_RADIO, 1);	/* no id, no name */
	expect_bad_radio(nlh);
	mnl_attr_put_strz(nlh, HWSIM_ATTR_RADIO_NAME, "n");	/* name, no id */
	expect_bad_radio(nlh);
	mnl_attr_put(nlh, HWSIM_ATTR_RADIO_ID, sizeof(two), &two);	/* short id */
	expect_bad_radio(nlh);

	nlh = reply(buf, FAM, HWSIM_CMD_GET_RADIO, 1);	/* id, no name */
	mnl_attr_put_u32(nlh, HWSIM_ATTR_RADIO_ID, 1);
	expect_bad_radio(nlh);
	mnl_attr_put(nlh, HWSIM_ATTR_RADIO_NAME, 0, "");	/* empty name */
	expect_bad_radio(nlh);

	nlh = reply(buf, FAM, HWSIM_CMD_GET_RADIO, 1);	/* name too long */
	mnl_attr_put_u32(nlh, HWSIM_ATTR_RADIO_ID, 1);
	mnl_attr_put(nlh, HWSIM_ATTR_RADIO_NAME, sizeof(longname), longname);
	expect_bad_radio(nlh);

	nlh = reply(buf, FAM, HWSIM_CMD_GET_RADIO, 1);	/* embedded NUL */
	mnl_attr_put_u32(nlh, HWSIM_ATTR_RADIO_ID, 1);
	mnl_attr_put(nlh, HWSIM_ATTR_RADIO_NAME, 5, "ab\0cd");
	expect_bad_radio(nlh);

	nlh = radio_reply(buf, 1, 1, "ok");	/* channels of the wrong size */
	mnl_attr_put_u16(nlh, HWSIM_ATTR_CHANNELS, 1);
	expect_bad_radio(nlh);

	nlh = radio_reply(buf, 1, 1, "ok");	/* last attribute runs past the end */
	((struct nlattr *)((char *)nlh + nlh->nlmsg_len - 8))->nla_len = 40;
	expect_bad_radio(nlh);

	nlh = radio_reply(buf, 1, 1, "ok");	/* trailing bytes too short for an attribute */
	nlh->nlmsg_len += 2;
	expect_bad_radio(nlh);

	nlh = radio_reply(buf, 1, 1, "ok");	/* attribute length below its header */
	((struct nlattr *)mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN))->nla_len = 2;
	expect_bad_radio(nlh);

	nlh = radio_reply(buf, 1, 1, "ok");	/* another command */
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd = HWSIM_CMD_NEW_RADIO;
	expect_bad_radio(nlh);

	nlh = radio_reply(buf, 1, 1, "ok");	/* another family */
	nlh->nlmsg_type = FAM + 1;
	expect_bad_radio(nlh);

	nlh = reply(buf, FAM, HWSIM_CMD_GET_RADIO, 1);	/* shorter than a genl header */
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;
	expect_bad_radio(nlh);
}

/* ---- walking datagrams --------------------------------------------------- */

struct seen {
	int n;
	uint32_t ids[8];
	int fail_with;
};

static int collect(const struct nlmsghdr *nlh, void *arg)
{
	struct seen *s = arg;
	struct hwsim_radio r;

	if (s->fail_with)
		return s->fail_with;
	if (hwsim_parse_radio(nlh, FAM, &r) == 0 && s->n < 8)
		s->ids[s->n++] = r.id;
	return 0;
}

/* Appends a message after the previous one, as the kernel packs a datagram. */
static char *after(struct nlmsghdr *nlh)
{
	return (char *)nlh + MNL_ALIGN(nlh->nlmsg_len);
}

static struct nlmsghdr *done_msg(void *at, uint32_t seq, int status)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(at);
	int *p;

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = seq;
	p = mnl_nlmsg_put_extra_header(nlh, sizeof(int));
	*p = status;
	return nlh;
}

static struct nlmsghdr *err_msg(void *at, uint32_t seq, int code)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(at);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = seq;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = code;
	e->msg.nlmsg_len = sizeof(struct nlmsghdr);	/* capped copy: header only */
	e->msg.nlmsg_seq = seq;
	return nlh;
}

static void test_walk_dump(void **state)
{
	struct hwsim_ack ack = { 0 };
	struct seen s = { 0 };
	struct nlmsghdr *a, *b, *c;
	size_t len;

	(void)state;
	a = radio_reply(buf, 5, 0, "phy0");
	b = radio_reply(after(a), 4, 7, "stale");	/* an earlier request's reply */
	c = radio_reply(after(b), 5, 2, "mip6lab-a");
	len = (size_t)(after(c) - buf);
	assert_int_equal(hwsim_walk(buf, len, 5, 77, collect, &s, &ack), HWSIM_WALK_MORE);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.ids[0], 0);
	assert_int_equal(s.ids[1], 2);
	assert_false(ack.seen);

	c = done_msg(buf, 5, 0);
	assert_int_equal(hwsim_walk(buf, c->nlmsg_len, 5, 77, collect, &s, &ack),
			 HWSIM_WALK_DONE);
	assert_true(ack.seen);
	assert_int_equal(ack.code, 0);

	/* A dump that failed reports its status in NLMSG_DONE. */
	c = done_msg(buf, 5, -ENOBUFS);
	assert_int_equal(hwsim_walk(buf, c->nlmsg_len, 5, 77, collect, &s, &ack),
			 HWSIM_WALK_DONE);
	assert_int_equal(ack.code, -ENOBUFS);
}

static void test_walk_ack_values(void **state)
{
	struct hwsim_ack ack = { 0 };
	struct nlmsghdr *nlh;

	(void)state;
	/* NEW_RADIO answers with the radio id in the error field. */
	nlh = err_msg(buf, 8, 3);
	assert_int_equal(hwsim_walk(buf, nlh->nlmsg_len, 8, 0, NULL, NULL, &ack),
			 HWSIM_WALK_DONE);
	assert_int_equal(ack.code, 3);
	assert_string_equal(ack.msg, "");

	nlh = err_msg(buf, 8, -ENODEV);
	assert_int_equal(hwsim_walk(buf, nlh->nlmsg_len, 8, 0, NULL, NULL, &ack),
			 HWSIM_WALK_DONE);
	assert_int_equal(ack.code, -ENODEV);
}

static void test_walk_extack(void **state)
{
	struct hwsim_ack ack = { 0 };
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;

	(void)state;
	/* Capped: the TLVs follow the echoed header directly. */
	nlh = err_msg(buf, 8, -EINVAL);
	nlh->nlmsg_flags = NLM_F_CAPPED | NLM_F_ACK_TLVS;
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "too many channels specified");
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 24);
	assert_int_equal(hwsim_walk(buf, nlh->nlmsg_len, 8, 0, NULL, NULL, &ack),
			 HWSIM_WALK_DONE);
	assert_int_equal(ack.code, -EINVAL);
	assert_string_equal(ack.msg, "too many channels specified");

	/* Not capped: the whole request (here 28 bytes) is echoed before them. */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_ACK_TLVS;
	nlh->nlmsg_seq = 8;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e) + 12);
	e->error = -EINVAL;
	hwsim_msg_del_radio_id(&e->msg, 64, FAM, 8, 1);
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "MAC is no valid source addr\n");
	assert_int_equal(hwsim_walk(buf, nlh->nlmsg_len, 8, 0, NULL, NULL, &ack),
			 HWSIM_WALK_DONE);
	assert_string_equal(ack.msg, "MAC is no valid source addr");

	/* The echoed length claims more than there is. */
	e->msg.nlmsg_len = 4000;
	assert_int_equal(hwsim_walk(buf, nlh->nlmsg_len, 8, 0, NULL, NULL, &ack), -EBADMSG);
}

static void test_walk_malformed(void **state)
{
	struct hwsim_ack ack = { 0 };
	struct seen s = { 0 };
	struct nlmsghdr *nlh;

	(void)state;
	nlh = radio_reply(buf, 5, 1, "a");
	/* Datagram shorter than the message claims. */
	assert_int_equal(hwsim_walk(buf, nlh->nlmsg_len - 4, 5, 0, collect, &s, &ack),
			 -EBADMSG);
	/* Fewer bytes than a netlink header. */
	assert_int_equal(hwsim_walk(buf, 10, 5, 0, collect, &s, &ack), -EBADMSG);
	assert_int_equal(hwsim_walk(buf, 0, 5, 0, collect, &s, &ack), -EBADMSG);
	/* nlmsg_len below the header size. */
	nlh->nlmsg_len = 8;
	assert_int_equal(hwsim_walk(buf, 16, 5, 0, collect, &s, &ack), -EBADMSG);
	/* Found by the fuzzer: a length above 2^31 looked negative to libmnl's
	 * mnl_nlmsg_ok() and sent the walk out of the buffer. */
	memcpy(buf, "\x0a\xf3\xf3\xf3\xf3\xf3\xf3\xf3\xf3\xf3\xf3\xf3\xf3\xf3\xf3\xf3\xf3", 17);
	assert_int_equal(hwsim_walk(buf, 17, 5, 0, collect, &s, &ack), -EBADMSG);
	nlh = radio_reply(buf, 5, 1, "a");
	nlh->nlmsg_len = 0x80000010;
	assert_int_equal(hwsim_walk(buf, 64, 5, 0, collect, &s, &ack), -EBADMSG);
	assert_int_equal(hwsim_parse_radio(nlh, FAM, &(struct hwsim_radio){ 0 }), -EBADMSG);
	/* An error message too short to hold struct nlmsgerr. */
	nlh = err_msg(buf, 5, -ENOENT);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 4;
	assert_int_equal(hwsim_walk(buf, nlh->nlmsg_len, 5, 0, collect, &s, &ack), -EBADMSG);
	assert_int_equal(s.n, 0);
}

static void test_walk_interrupted_and_errors(void **state)
{
	struct hwsim_ack ack = { 0 };
	struct seen s = { 0 };
	struct nlmsghdr *nlh;

	(void)state;
	nlh = radio_reply(buf, 5, 1, "a");
	nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
	assert_int_equal(hwsim_walk(buf, nlh->nlmsg_len, 5, 0, collect, &s, &ack), -EINTR);

	nlh = radio_reply(buf, 5, 1, "a");
	s.fail_with = -ENOMEM;
	assert_int_equal(hwsim_walk(buf, nlh->nlmsg_len, 5, 0, collect, &s, &ack), -ENOMEM);

	/* Replies meant for another socket are not ours. */
	s.fail_with = 0;
	assert_int_equal(hwsim_walk(buf, nlh->nlmsg_len, 5, 78, collect, &s, &ack),
			 HWSIM_WALK_MORE);
	assert_int_equal(s.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_radio_bytes),
		cmocka_unit_test(test_new_radio_channels),
		cmocka_unit_test(test_new_radio_refuses),
		cmocka_unit_test(test_del_radio_name_bytes),
		cmocka_unit_test(test_del_and_get_by_id_bytes),
		cmocka_unit_test(test_dump_bytes),
		cmocka_unit_test(test_get_family_bytes),
		cmocka_unit_test(test_parse_family),
		cmocka_unit_test(test_parse_family_bad),
		cmocka_unit_test(test_parse_radio),
		cmocka_unit_test(test_parse_radio_malformed),
		cmocka_unit_test(test_walk_dump),
		cmocka_unit_test(test_walk_ack_values),
		cmocka_unit_test(test_walk_extack),
		cmocka_unit_test(test_walk_malformed),
		cmocka_unit_test(test_walk_interrupted_and_errors),
	};

	return cmocka_run_group_tests_name("hwsim-msg", tests, NULL, NULL);
}
