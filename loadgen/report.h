/* The run's report: a table for people, JSON for scripts (the same figures). */
#ifndef LG_REPORT_H
#define LG_REPORT_H

#include <stdio.h>

#include "kobj.h"
#include "opts.h"
#include "stats.h"

void lg_report_table(FILE *f, const struct lg_opts *o, struct lg_stats *s,
		     const struct lg_kobj *k);
void lg_report_json(FILE *f, const struct lg_opts *o, struct lg_stats *s,
		    const struct lg_kobj *k);

#endif
