/* Building mac80211_hwsim requests and checking the kernel's replies. Nothing here
 * touches a socket: every function works on a caller's buffer. */
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "msg.h"

static struct nlmsghdr *genl_start(void *buf, size_t size, uint16_t type, uint16_t flags,
				   uint32_t seq, uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	if (size < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*genl)))
		return NULL;
	/* libmnl leaves attribute padding as it finds it: start from zeros so that
	 * no stale bytes go to the kernel. */
	memset(buf, 0, size);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

struct nlmsghdr *hwsim_msg_get_family(void *buf, size_t size, uint32_t seq)
{
	struct nlmsghdr *nlh = genl_start(buf, size, GENL_ID_CTRL, NLM_F_ACK, seq,
					  CTRL_CMD_GETFAMILY, 1);

	if (!nlh || !mnl_attr_put_strz_check(nlh, size, CTRL_ATTR_FAMILY_NAME,
					     HWSIM_FAMILY_NAME))
		return NULL;
	return nlh;
}

/* The name is sent with its NUL: the kernel copies at most nla_len bytes and stops
 * at the NUL, so both forms work, and this one is also safe for older kernels that
 * used the payload as a C string. */
struct nlmsghdr *hwsim_msg_new_radio(void *buf, size_t size, uint16_t family, uint32_t seq,
				     const char *name, uint32_t channels)
{
	struct nlmsghdr *nlh = genl_start(buf, size, family, NLM_F_ACK, seq,
					  HWSIM_CMD_NEW_RADIO, 1);

	if (!nlh || !name || !*name || strlen(name) > HWSIM_NAME_MAX || channels == 0)
		return NULL;
	/* Always explicit, so the result does not depend on the module's channels=. */
	if (!mnl_attr_put_u32_check(nlh, size, HWSIM_ATTR_CHANNELS, channels) ||
	    !mnl_attr_put_strz_check(nlh, size, HWSIM_ATTR_RADIO_NAME, name))
		return NULL;
	return nlh;
}

struct nlmsghdr *hwsim_msg_del_radio_name(void *buf, size_t size, uint16_t family,
					  uint32_t seq, const char *name)
{
	struct nlmsghdr *nlh = genl_start(buf, size, family, NLM_F_ACK, seq,
					  HWSIM_CMD_DEL_RADIO, 1);

	if (!nlh || !name || !*name || strlen(name) > HWSIM_NAME_MAX ||
	    !mnl_attr_put_strz_check(nlh, size, HWSIM_ATTR_RADIO_NAME, name))
		return NULL;
	return nlh;
}

struct nlmsghdr *hwsim_msg_del_radio_id(void *buf, size_t size, uint16_t family,
					uint32_t seq, uint32_t id)
{
	struct nlmsghdr *nlh = genl_start(buf, size, family, NLM_F_ACK, seq,
					  HWSIM_CMD_DEL_RADIO, 1);

	if (!nlh || !mnl_attr_put_u32_check(nlh, size, HWSIM_ATTR_RADIO_ID, id))
		return NULL;
	return nlh;
}

struct nlmsghdr *hwsim_msg_get_radio(void *buf, size_t size, uint16_t family,
				     uint32_t seq, uint32_t id)
{
	struct nlmsghdr *nlh = genl_start(buf, size, family, NLM_F_ACK, seq,
					  HWSIM_CMD_GET_RADIO, 1);

	if (!nlh || !mnl_attr_put_u32_check(nlh, size, HWSIM_ATTR_RADIO_ID, id))
		return NULL;
	return nlh;
}

struct nlmsghdr *hwsim_msg_dump_radios(void *buf, size_t size, uint16_t family, uint32_t seq)
{
	return genl_start(buf, size, family, NLM_F_DUMP, seq, HWSIM_CMD_GET_RADIO, 1);
}

/* Indexes the attributes that follow a generic netlink header. Unlike
 * mnl_attr_parse, a truncated or overlong attribute is an error rather than the
 * silent end of the list. */
static int genl_attrs(const struct nlmsghdr *nlh, const struct nlattr **tb, unsigned max)
{
	const struct nlattr *attr;
	int len;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr)) ||
	    nlh->nlmsg_len > INT32_MAX)
		return -EBADMSG;
	memset(tb, 0, (max + 1) * sizeof(*tb));
	attr = mnl_nlmsg_get_payload_offset(nlh, sizeof(struct genlmsghdr));
	len = (int)(nlh->nlmsg_len - MNL_NLMSG_HDRLEN - MNL_ALIGN(sizeof(struct genlmsghdr)));
	while (len > 0) {
		if (!mnl_attr_ok(attr, len))
			return -EBADMSG;
		if (mnl_attr_get_type(attr) <= max)
			tb[mnl_attr_get_type(attr)] = attr;
		len -= (int)MNL_ALIGN(attr->nla_len);
		attr = (const struct nlattr *)((const char *)attr + MNL_ALIGN(attr->nla_len));
	}
	return 0;
}

static const struct genlmsghdr *genl_hdr(const struct nlmsghdr *nlh)
{
	return mnl_nlmsg_get_payload(nlh);
}

/* Copies a string attribute that may or may not carry a NUL; refuses empty,
 * overlong and embedded-NUL names. */
static int get_name(const struct nlattr *attr, char *out, size_t outsize)
{
	const char *s = mnl_attr_get_payload(attr);
	size_t len = mnl_attr_get_payload_len(attr);

	if (len > 0 && s[len - 1] == '\0')
		len--;
	if (len == 0 || len >= outsize || memchr(s, '\0', len))
		return -EBADMSG;
	memcpy(out, s, len);
	out[len] = '\0';
	return 0;
}

static int get_u32(const struct nlattr *attr, uint32_t *out)
{
	if (mnl_attr_get_payload_len(attr) != sizeof(uint32_t))
		return -EBADMSG;
	*out = mnl_attr_get_u32(attr);
	return 0;
}

int hwsim_parse_family(const struct nlmsghdr *nlh, uint16_t *family)
{
	const struct nlattr *tb[CTRL_ATTR_FAMILY_NAME + 1];
	char name[sizeof(HWSIM_FAMILY_NAME) + 1];

	if (nlh->nlmsg_type != GENL_ID_CTRL || genl_attrs(nlh, tb, CTRL_ATTR_FAMILY_NAME) < 0 ||
	    genl_hdr(nlh)->cmd != CTRL_CMD_NEWFAMILY)
		return -EBADMSG;
	if (!tb[CTRL_ATTR_FAMILY_ID] || !tb[CTRL_ATTR_FAMILY_NAME] ||
	    mnl_attr_get_payload_len(tb[CTRL_ATTR_FAMILY_ID]) != sizeof(uint16_t) ||
	    get_name(tb[CTRL_ATTR_FAMILY_NAME], name, sizeof(name)) < 0 ||
	    strcmp(name, HWSIM_FAMILY_NAME) != 0)
		return -EBADMSG;
	/* Dynamic family ids start above the fixed control ids. */
	if (mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]) <= GENL_ID_CTRL)
		return -EBADMSG;
	*family = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	return 0;
}

int hwsim_parse_radio(const struct nlmsghdr *nlh, uint16_t family, struct hwsim_radio *radio)
{
	const struct nlattr *tb[HWSIM_ATTR_MAX_KNOWN + 1];
	struct hwsim_radio r = { 0 };

	if (nlh->nlmsg_type != family || genl_attrs(nlh, tb, HWSIM_ATTR_MAX_KNOWN) < 0 ||
	    genl_hdr(nlh)->cmd != HWSIM_CMD_GET_RADIO)
		return -EBADMSG;
	if (!tb[HWSIM_ATTR_RADIO_ID] || get_u32(tb[HWSIM_ATTR_RADIO_ID], &r.id) < 0)
		return -EBADMSG;
	if (!tb[HWSIM_ATTR_RADIO_NAME] || get_name(tb[HWSIM_ATTR_RADIO_NAME], r.name,
						    sizeof(r.name)) < 0)
		return -EBADMSG;
	if (tb[HWSIM_ATTR_CHANNELS] && get_u32(tb[HWSIM_ATTR_CHANNELS], &r.channels) < 0)
		return -EBADMSG;
	*radio = r;
	return 0;
}

/* NLMSG_ERROR: the code, and the extended-ack text after the (possibly capped)
 * copy of our request. */
static int read_ack(const struct nlmsghdr *nlh, struct hwsim_ack *ack)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t off, total = nlh->nlmsg_len - MNL_NLMSG_HDRLEN;
	const struct nlattr *attr;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*err) || nlh->nlmsg_len > INT32_MAX)
		return -EBADMSG;
	ack->seen = 1;
	ack->code = err->error;
	ack->msg[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	off = sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		/* The echoed request: its header is inside nlmsgerr, its payload follows. */
		if (err->msg.nlmsg_len < MNL_NLMSG_HDRLEN || err->msg.nlmsg_len > total)
			return -EBADMSG;
		off += (size_t)MNL_ALIGN(err->msg.nlmsg_len) - MNL_NLMSG_HDRLEN;
	}
	off = MNL_ALIGN(off);
	if (off > total)
		return -EBADMSG;
	attr = (const struct nlattr *)((const char *)err + off);
	for (int len = (int)(total - off); len > 0;
	     len -= (int)MNL_ALIGN(attr->nla_len), attr = mnl_attr_next(attr)) {
		if (!mnl_attr_ok(attr, len))
			return -EBADMSG;
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG) {
			const char *s = mnl_attr_get_payload(attr);
			size_t n = strnlen(s, mnl_attr_get_payload_len(attr));

			if (n >= sizeof(ack->msg))
				n = sizeof(ack->msg) - 1;
			memcpy(ack->msg, s, n);
			ack->msg[n] = '\0';
			/* Drop a trailing newline some handlers put in their text. */
			if (n && ack->msg[n - 1] == '\n')
				ack->msg[n - 1] = '\0';
		}
	}
	return 0;
}

/* Not mnl_nlmsg_ok(): it compares (int)nlmsg_len, so a length above 2^31 passes
 * as negative and the walk jumps out of the buffer. */
static int nlmsg_fits(const struct nlmsghdr *nlh, size_t left)
{
	return left >= sizeof(*nlh) && nlh->nlmsg_len >= sizeof(*nlh) && nlh->nlmsg_len <= left;
}

int hwsim_walk(const void *buf, size_t len, uint32_t seq, uint32_t portid,
	       hwsim_msg_cb cb, void *arg, struct hwsim_ack *ack)
{
	const struct nlmsghdr *nlh = buf;
	size_t left = len, step;
	int ret;

	if (len == 0)
		return -EBADMSG;
	while (left > 0) {
		if (!nlmsg_fits(nlh, left))
			return -EBADMSG;
		if (nlh->nlmsg_seq != seq || (portid && nlh->nlmsg_pid && nlh->nlmsg_pid != portid))
			goto next;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			return -EINTR;
		switch (nlh->nlmsg_type) {
		case NLMSG_NOOP:
			break;
		case NLMSG_ERROR:
			return read_ack(nlh, ack) < 0 ? -EBADMSG : HWSIM_WALK_DONE;
		case NLMSG_DONE:
			/* A dump ends here; its payload, when present, is the dump's status. */
			ack->seen = 1;
			ack->code = 0;
			ack->msg[0] = '\0';
			if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int)) {
				int status;

				memcpy(&status, mnl_nlmsg_get_payload(nlh), sizeof(status));
				ack->code = status;
			}
			return HWSIM_WALK_DONE;
		case NLMSG_OVERRUN:
			return -EBADMSG;
		default:
			if (cb && (ret = cb(nlh, arg)) < 0)
				return ret;
		}
next:
		/* The last message of a datagram may lack its alignment padding. */
		step = MNL_ALIGN(nlh->nlmsg_len);
		if (step >= left)
			break;
		left -= step;
		nlh = (const struct nlmsghdr *)((const char *)nlh + step);
	}
	return HWSIM_WALK_MORE;
}
