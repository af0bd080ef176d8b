/* md.h - Mobile Node movement detection: RAs and link/address events in, a verdict
 * (at home / away with a care-of address) out to each Binding Update List entry. */
#ifndef MIP6D_MD_H
#define MIP6D_MD_H

struct engine;
struct eng_iface;
struct eng_ra;

void md_start(struct engine *e);
void md_stop(struct engine *e);
void md_rx_ra(struct engine *e, struct eng_iface *ifc, const struct eng_ra *ra);
void md_link(struct engine *e, struct eng_iface *ifc);
void md_evaluate(struct engine *e);

#endif
