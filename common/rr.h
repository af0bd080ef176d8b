/* Return routability (RFC 6275 §5.2): the keygen tokens a correspondent hands out, the
 * binding management key Kbm a mobile node and a correspondent derive from them, and the
 * authenticator of the Binding Authorization Data option that proves a BU or BA knows
 * Kbm. HMAC-SHA1 and SHA-1 come from libcrypto; link with -lcrypto. */
#ifndef MIP6_RR_H
#define MIP6_RR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mh.h"

#define RR_KCN_LEN	20	/* the correspondent's secret Kcn */
#define RR_NONCE_LEN	8
#define RR_TOKEN_LEN	8	/* keygen token: first 64 bits of an HMAC-SHA1 */
#define RR_KBM_LEN	20
#define RR_AUTH_LEN	12	/* authenticator: first 96 bits of an HMAC-SHA1 */

/* §5.2.5: First(64, HMAC_SHA1(Kcn, addr | nonce | 0)) for the home address,
 * ... | 1 for the care-of address. */
void rr_keygen_token(const uint8_t kcn[RR_KCN_LEN], const struct in6_addr *addr,
		     const uint8_t nonce[RR_NONCE_LEN], bool care_of,
		     uint8_t token[RR_TOKEN_LEN]);

/* §5.2.5: Kbm = SHA1(home token | care-of token); a deregistration has no care-of
 * token (coa_token NULL): SHA1(home token). */
void rr_kbm(const uint8_t home_token[RR_TOKEN_LEN], const uint8_t *coa_token,
	    uint8_t kbm[RR_KBM_LEN]);

/* §6.2.7: First(96, HMAC_SHA1(Kbm, coa | cn | MH data)) over the encoded MH of len
 * bytes whose authenticator (RR_AUTH_LEN bytes) starts at auth_off; the checksum counts
 * as zero and the authenticator itself is left out. false when auth_off does not fit. */
bool rr_authenticator(const uint8_t kbm[RR_KBM_LEN], const struct in6_addr *coa,
		      const struct in6_addr *cn, const uint8_t *mh, size_t len,
		      size_t auth_off, uint8_t auth[RR_AUTH_LEN]);

/* A BU or BA about to be sent: adds a Binding Authorization Data option to m and fills
 * it with the authenticator of m as mh_encode() lays it out. PKT_OK or the encoder's
 * error. */
enum pkt_err rr_sign(const uint8_t kbm[RR_KBM_LEN], const struct in6_addr *coa,
		     const struct in6_addr *cn, struct mh_msg *m);

/* A received BU or BA (mh, len as on the wire, decoded into m): true when it carries a
 * Binding Authorization Data option whose authenticator is the one Kbm gives. */
bool rr_verify(const uint8_t kbm[RR_KBM_LEN], const struct in6_addr *coa,
	       const struct in6_addr *cn, const uint8_t *mh, size_t len,
	       const struct mh_msg *m);

#endif
