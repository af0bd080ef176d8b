#ifndef MIP6_AN_INPUT_H
#define MIP6_AN_INPUT_H

#include <stdio.h>

#include "an.h"

/* Open every file (a file that cannot be read: message naming it, -1),
 * skip unsupported link types with a warning, stream all packets in
 * timestamp order into an. */
int input_run(struct analyzer *an, char *const files[], int n, FILE *err);

#endif
