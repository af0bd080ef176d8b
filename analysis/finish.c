/* After the last packet: the handovers, every node's, the streams' and
 * route optimization's figures per handover. */
#include "an.h"
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
}
