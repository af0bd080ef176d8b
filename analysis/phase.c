/* The names of the handover's phases and timeline points (docs/metrics.md),
 * shared by every report. */
#include "phase.h"

const struct phase_def phase_defs[PH__COUNT] = {
	[PH_L2] = { "l2", "L2 (join - leave)" },
	[PH_MD] = { "movement_detection", "movement detection (RA - join)" },
	[PH_ADDR] = { "address_configuration", "address configuration (BU - RA)" },
	[PH_REG] = { "registration", "registration (BA - BU)" },
	[PH_RESUME] = { "resume", "resume (first data - BA)" },
	[PH_BLACKOUT] = { "blackout", "blackout (first data - last data)" },
};

const struct tp_def tp_defs[TP__COUNT] = {
	[TP_MOVE] = { "t_move", "move (events.log)" },
	[TP_LEAVE] = { "l2_leave", "L2 leave (last frame with old AP)" },
	[TP_JOIN] = { "l2_join", "L2 join ((re)assoc response)" },
	[TP_RA] = { "t_ra", "first RA from new router" },
	[TP_DAD] = { "t_dad", "DAD probe for CoA" },
	[TP_BU] = { "t_bu", "first BU for new CoA" },
	[TP_BA] = { "t_ba", "accepting BA" },
	[TP_LAST] = { "last_data_before", "last data delivered before move" },
	[TP_OFFERED] = { "t_offered", "first data offered after move" },
	[TP_RESUME] = { "t_resume", "first data delivered after move" },
	[TP_REPLY] = { "t_first_reply", "first echo reply from HoA" },
};
