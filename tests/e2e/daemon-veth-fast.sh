#!/usr/bin/env bash
# daemon-veth.sh with the fast settings the targets assume (docs/metrics.md): optimistic
# DAD on the mobile node and no DAD of the home address on the home agent, so that
# registration is one BU/BA round trip after the RA. Same checks. It also runs mip6d's fallback tunnels (one ip6tnl
# per care-of address, MIP6D_TUNNELS=per-coa), which daemon-veth.sh does not.
set -euo pipefail
MIP6D_TUNNELS=per-coa MN_OPTIMISTIC=1 HA_DAD=disabled exec "$(dirname "$0")/daemon-veth.sh" "$@"
