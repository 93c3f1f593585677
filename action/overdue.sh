#!/usr/bin/env bash
# The action's last step, when asked: fail while a deletion is overdue.
set -euo pipefail
inventory=${INPUT_INVENTORY:-vendors.toml}
status=0
NO_COLOR=1 linger -f "$inventory" overdue --exit-code || status=$?
if [ "$status" -eq 1 ]; then
    echo "::error::deletions are overdue in $inventory (linger overdue)"
fi
exit "$status"
