/* The socket side of mip6-hwsim: send one request, read datagrams until the
 * kernel's ack or the end of the dump. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "genl.h"

/* A dump restarted this many times in a row means radios are being created and
 * deleted continuously; give up rather than spin. */
#define DUMP_RETRIES 5

static int transact(struct hwsim_genl *g, const struct nlmsghdr *req, hwsim_msg_cb cb,
		    void *arg, int *code)
{
	char buf[HWSIM_BUF_SIZE] __attribute__((aligned(4)));
	struct hwsim_ack ack = { 0 };
	ssize_t n;
	int ret;

	g->errmsg[0] = '\0';
	if (mnl_socket_sendto(g->nl, req, req->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(g->nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		ret = hwsim_walk(buf, (size_t)n, req->nlmsg_seq, g->portid, cb, arg, &ack);
		if (ret < 0)
			return ret;
	} while (ret == HWSIM_WALK_MORE);
	if (ack.msg[0])
		snprintf(g->errmsg, sizeof(g->errmsg), "%s", ack.msg);
	if (code)
		*code = ack.code;
	return ack.code < 0 ? ack.code : 0;
}

static int on_family(const struct nlmsghdr *nlh, void *arg)
{
	return hwsim_parse_family(nlh, arg);
}

int hwsim_genl_open(struct hwsim_genl *g)
{
	char buf[HWSIM_BUF_SIZE] __attribute__((aligned(4)));
	struct nlmsghdr *req;
	int one = 1, ret;

	memset(g, 0, sizeof(*g));
	g->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!g->nl)
		return -errno;
	if (mnl_socket_bind(g->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		goto fail;
	}
	/* Extended acks carry the kernel's reason ("too many channels specified");
	 * older kernels lack the option, which only costs us that text. */
	mnl_socket_setsockopt(g->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	g->portid = mnl_socket_get_portid(g->nl);

	req = hwsim_msg_get_family(buf, sizeof(buf), ++g->seq);
	ret = transact(g, req, on_family, &g->family, NULL);
	if (ret == 0 && g->family == 0)
		ret = -EBADMSG;
	if (ret < 0)
		goto fail;
	return 0;
fail:
	mnl_socket_close(g->nl);
	g->nl = NULL;
	return ret;
}

void hwsim_genl_close(struct hwsim_genl *g)
{
	if (g->nl)
		mnl_socket_close(g->nl);
	g->nl = NULL;
}

int hwsim_genl_new_radio(struct hwsim_genl *g, const char *name, uint32_t channels,
			 uint32_t *id)
{
	char buf[HWSIM_BUF_SIZE] __attribute__((aligned(4)));
	struct nlmsghdr *req;
	int code, ret;

	req = hwsim_msg_new_radio(buf, sizeof(buf), g->family, ++g->seq, name, channels);
	if (!req)
		return -EINVAL;
	ret = transact(g, req, NULL, NULL, &code);
	if (ret < 0)
		return ret;
	/* The handler's return value, the new radio's id, comes back as the "error"
	 * of the ack; 0 is a valid id too. */
	*id = (uint32_t)code;
	return 0;
}

int hwsim_genl_del_radio_name(struct hwsim_genl *g, const char *name)
{
	char buf[HWSIM_BUF_SIZE] __attribute__((aligned(4)));
	struct nlmsghdr *req = hwsim_msg_del_radio_name(buf, sizeof(buf), g->family,
							++g->seq, name);

	return req ? transact(g, req, NULL, NULL, NULL) : -EINVAL;
}

int hwsim_genl_del_radio_id(struct hwsim_genl *g, uint32_t id)
{
	char buf[HWSIM_BUF_SIZE] __attribute__((aligned(4)));
	struct nlmsghdr *req = hwsim_msg_del_radio_id(buf, sizeof(buf), g->family,
						      ++g->seq, id);

	return req ? transact(g, req, NULL, NULL, NULL) : -EINVAL;
}

struct one_radio {
	uint16_t family;
	struct hwsim_radio *radio;
	int found;
};

static int on_one_radio(const struct nlmsghdr *nlh, void *arg)
{
	struct one_radio *o = arg;

	if (hwsim_parse_radio(nlh, o->family, o->radio) < 0)
		return -EBADMSG;
	o->found = 1;
	return 0;
}

int hwsim_genl_get_radio(struct hwsim_genl *g, uint32_t id, struct hwsim_radio *radio)
{
	char buf[HWSIM_BUF_SIZE] __attribute__((aligned(4)));
	struct one_radio o = { .family = g->family, .radio = radio };
	struct nlmsghdr *req = hwsim_msg_get_radio(buf, sizeof(buf), g->family, ++g->seq, id);
	int ret;

	if (!req)
		return -EINVAL;
	ret = transact(g, req, on_one_radio, &o, NULL);
	if (ret == 0 && !o.found)
		ret = -ENODEV;
	return ret;
}

struct dump {
	uint16_t family;
	struct hwsim_radio_list *list;
};

static int on_dump_radio(const struct nlmsghdr *nlh, void *arg)
{
	struct dump *d = arg;
	struct hwsim_radio_list *l = d->list;
	struct hwsim_radio r;

	if (hwsim_parse_radio(nlh, d->family, &r) < 0) {
		l->malformed++;
		return 0;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct hwsim_radio *v = reallocarray(l->v, cap, sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = r;
	return 0;
}

int hwsim_genl_dump(struct hwsim_genl *g, struct hwsim_radio_list *list)
{
	char buf[HWSIM_BUF_SIZE] __attribute__((aligned(4)));
	struct dump d = { .family = g->family, .list = list };
	struct nlmsghdr *req;
	int ret = -EINTR;

	for (int i = 0; i < DUMP_RETRIES && ret == -EINTR; i++) {
		list->n = 0;
		list->malformed = 0;
		req = hwsim_msg_dump_radios(buf, sizeof(buf), g->family, ++g->seq);
		if (!req)
			return -EINVAL;
		/* What is left of an interrupted dump arrives before the retry's
		 * replies and is skipped: it carries the old sequence number. */
		ret = transact(g, req, on_dump_radio, &d, NULL);
	}
	return ret;
}

void hwsim_radio_list_free(struct hwsim_radio_list *list)
{
	free(list->v);
	memset(list, 0, sizeof(*list));
}
