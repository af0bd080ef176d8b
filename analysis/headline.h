/* report_headline.c: the blackout first, then its decomposition. */
#ifndef MIP6_AN_HEADLINE_H
#define MIP6_AN_HEADLINE_H

#include "an.h"

void headline_ho(const struct handover *h, FILE *f);
/* One line per handover of ho[0..n): the blackout, L2 and registration. */
void headline_summary(const struct handover *ho, size_t n, FILE *f);

#endif
