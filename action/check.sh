#!/usr/bin/env bash
# The action's check: the findings as SARIF for code scanning, and as text
# in the job's summary. Findings (exit 1) do not fail this step: code
# scanning shows them; a broken inventory or a bad input (exit 2) does.
set -euo pipefail
inventory=${INPUT_INVENTORY:-vendors.toml}
sarif=${INPUT_SARIF:-linger.sarif}
if [ ! -f "$inventory" ]; then
    echo "::error::no inventory at $inventory (set the action's \`inventory\` input)"
    exit 2
fi
status=0
linger -f "$inventory" check --format sarif > "$sarif" || status=$?
if [ "$status" -gt 1 ]; then
    linger -f "$inventory" check || true
    exit "$status"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    {
        echo '## linger check'
        echo
        echo '```'
        NO_COLOR=1 linger -f "$inventory" check 2>&1 || true
        echo '```'
    } >> "$GITHUB_STEP_SUMMARY"
fi
echo "wrote $sarif"
