/* ops_ipsec.c - IPsec for the home registration at start: the kernel's policies for
 * each IPsecPolicySet (kern_ipsec.c). The SAs are not ours: a key manager or the lab
 * writes them. */
#include <string.h>

#include "config.h"
#include "kern_ipsec.h"
#include "log.h"
#include "ops.h"

int ops_ipsec_prepare(const struct config *conf)
{
	int rc;

	if (!conf->use_mn_ha_ipsec)
		return 0;
	/* main.c checked that the kernel has IPV6_MIP6 (kern_ro_probe()). */
	for (unsigned i = 0; i < conf->n_ipsec_sets; i++) {
		const struct conf_ipsec_set *s = &conf->ipsec_sets[i];

		rc = kern_ipsec_pair_add(&s->hoa, &s->ha, s->reqid_to_ha, s->reqid_to_mn,
					 conf->role == NODE_MN);
		if (rc < 0) {
			log_warnx("IPsecPolicySet %s <-> %s: %s", log_in6(&s->hoa),
				  log_in6(&s->ha), strerror(-rc));
			return rc;
		}
		log_info("kern: ESP on the home registration %s <-> %s (reqids %u, %u)",
			 log_in6(&s->hoa), log_in6(&s->ha), s->reqid_to_ha, s->reqid_to_mn);
	}
	return 0;
}
