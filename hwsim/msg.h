/* Generic netlink messages of the mac80211_hwsim family: building requests and
 * reading replies, on plain byte buffers so that tests need no kernel. */
#ifndef MIP6LAB_HWSIM_MSG_H
#define MIP6LAB_HWSIM_MSG_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#define HWSIM_FAMILY_NAME "MAC80211_HWSIM"

/* Numbers of the kernel's mac80211_hwsim.h (stable ABI: values only ever appended). */
enum hwsim_cmd {
	HWSIM_CMD_NEW_RADIO = 4,
	HWSIM_CMD_DEL_RADIO = 5,
	HWSIM_CMD_GET_RADIO = 6,
};

enum hwsim_attr {
	HWSIM_ATTR_CHANNELS = 9,	/* u32 */
	HWSIM_ATTR_RADIO_ID = 10,	/* u32 */
	HWSIM_ATTR_RADIO_NAME = 17,	/* string, NUL optional */
	HWSIM_ATTR_MAX_KNOWN = 17,
};

/* cfg80211 refuses longer wiphy names (NL80211_WIPHY_NAME_MAXLEN). */
#define HWSIM_NAME_MAX 64

/* Room for any request we build and for one datagram of replies. */
#define HWSIM_BUF_SIZE 8192

struct hwsim_radio {
	uint32_t id;
	uint32_t channels;	/* 0 when the kernel did not say */
	char name[HWSIM_NAME_MAX + 1];
};

/* Requests. Each returns the message in buf, or NULL when it does not fit. */
struct nlmsghdr *hwsim_msg_get_family(void *buf, size_t size, uint32_t seq);
struct nlmsghdr *hwsim_msg_new_radio(void *buf, size_t size, uint16_t family, uint32_t seq,
				     const char *name, uint32_t channels);
struct nlmsghdr *hwsim_msg_del_radio_name(void *buf, size_t size, uint16_t family,
					  uint32_t seq, const char *name);
struct nlmsghdr *hwsim_msg_del_radio_id(void *buf, size_t size, uint16_t family,
					uint32_t seq, uint32_t id);
struct nlmsghdr *hwsim_msg_get_radio(void *buf, size_t size, uint16_t family,
				     uint32_t seq, uint32_t id);
struct nlmsghdr *hwsim_msg_dump_radios(void *buf, size_t size, uint16_t family, uint32_t seq);

/* Replies. Both return 0 or -EBADMSG when the message is not what it claims to be. */
int hwsim_parse_family(const struct nlmsghdr *nlh, uint16_t *family);
int hwsim_parse_radio(const struct nlmsghdr *nlh, uint16_t family, struct hwsim_radio *radio);

/* The end of a request: the kernel's acknowledgement or error. */
struct hwsim_ack {
	int seen;
	/* 0 = success; < 0 = -errno; > 0 = a value returned by the handler
	 * (HWSIM_CMD_NEW_RADIO answers with the new radio's id). */
	int code;
	char msg[128];		/* the kernel's extended-ack text, if it gave one */
};

enum hwsim_walk {
	HWSIM_WALK_MORE = 1,	/* the reply continues in the next datagram */
	HWSIM_WALK_DONE = 0,	/* ack, error or end of dump seen */
};

/* Called for each data message that belongs to our request; a negative return
 * stops the walk and is returned. */
typedef int (*hwsim_msg_cb)(const struct nlmsghdr *nlh, void *arg);

/* Walks one received datagram. Messages with another sequence number or port are
 * skipped (late replies to an earlier request). Returns enum hwsim_walk, or
 * -EBADMSG for a truncated datagram, -EINTR when the kernel flagged a dump as
 * inconsistent (the radio list changed under it: dump again), or the callback's
 * error. */
int hwsim_walk(const void *buf, size_t len, uint32_t seq, uint32_t portid,
	       hwsim_msg_cb cb, void *arg, struct hwsim_ack *ack);

#endif
