/* ops.h - the engine's proposals (struct engine_ops) applied to this kernel and this
 * wire: ops_ha.c (tunnels, proxy ND and DAD for bindings), ops_mn.c (the MN's tunnel,
 * home address and routes), ops_wire.c (messages out). None keeps protocol state: a
 * proposal says what is in place and what must be; they keep only handles of the
 * devices they made. */
#ifndef MIP6D_OPS_H
#define MIP6D_OPS_H

#include <stdio.h>

struct config;
struct engine;
struct engine_ops;

const struct engine_ops *ops_table(void);
/* Before the first packet: the role's tunnel device (HA: the collect_md tunnel that
 * carries every binding; MN: its tunnel, down), or a check that ip6_tunnel works. */
int ops_prepare(const struct config *conf);
/* The VT's `stats` check: the kernel's routes against the engine's bindings (HA with a
 * collect_md tunnel; one line saying why not otherwise). */
void ops_check(const struct engine *e, FILE *out);
/* mip6d is exiting: the withdrawals the engine proposes as it stops skip what
 * kern_close() removes at once anyway (the HA's routes go with its tunnel device, the
 * set's elements with the nftables table). At 100,000 bindings that was one netlink
 * round trip after another for tens of seconds. */
void ops_exiting(void);
/* UseMnHaIPsec: the policies of every IPsecPolicySet (ops_ipsec.c), on a kernel that
 * kern_ro_probe() accepted. 0 or -errno. */
int ops_ipsec_prepare(const struct config *conf);

#endif
