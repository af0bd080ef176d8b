/* Talking to the mac80211_hwsim generic netlink family. All functions return 0 or
 * -errno; when the kernel explained an error, its text is in errmsg. */
#ifndef MIP6LAB_HWSIM_GENL_H
#define MIP6LAB_HWSIM_GENL_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

struct mnl_socket;

struct hwsim_genl {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	char errmsg[128];
};

struct hwsim_radio_list {
	struct hwsim_radio *v;
	size_t n, cap;
	unsigned malformed;	/* replies that did not parse and were dropped */
};

/* -ENOENT: the family does not exist (module not loaded). */
int hwsim_genl_open(struct hwsim_genl *g);
void hwsim_genl_close(struct hwsim_genl *g);

int hwsim_genl_new_radio(struct hwsim_genl *g, const char *name, uint32_t channels,
			 uint32_t *id);
int hwsim_genl_del_radio_name(struct hwsim_genl *g, const char *name);
int hwsim_genl_del_radio_id(struct hwsim_genl *g, uint32_t id);
int hwsim_genl_get_radio(struct hwsim_genl *g, uint32_t id, struct hwsim_radio *radio);
/* Radios visible from this socket's network namespace, in id order. */
int hwsim_genl_dump(struct hwsim_genl *g, struct hwsim_radio_list *list);
void hwsim_radio_list_free(struct hwsim_radio_list *list);

#endif
