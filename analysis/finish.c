/* After the last packet: the handovers, every node's, the streams', route
 * optimization's and home agent discovery's figures per handover. */
#include "an.h"
#include "had.h"
#include "hijack.h"
#include "nodes.h"
#include "ro.h"

void an_finish(struct analyzer *an)
{
	an_handovers(an);
	an_nodes_build(an);
	hj_finish(an);
	an_streams_finish(an);
	ro_handovers(an);
	had_finish(an);
}
