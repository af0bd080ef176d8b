/* report_ho_json.c */
#ifndef MIP6_AN_HOJSON_H
#define MIP6_AN_HOJSON_H

#include "an.h"

/* "{"index": ..., "phases_ms": {...}" without the closing brace. */
void json_ho_core(const struct analyzer *an, const struct handover *h, FILE *f);

#endif
