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
# The `logins` input: exports separated by spaces or new lines, each a
# path or a glob; one that names nothing is an error, not a silent skip.
logins=()
if [ -n "${INPUT_LOGINS:-}" ]; then
    # Split on blanks without globbing, then expand each word's glob.
    set -f
    words=($INPUT_LOGINS)
    set +f
    shopt -s nullglob
    for word in "${words[@]}"; do
        matched=($word)
        if [ "${#matched[@]}" -eq 0 ]; then
            echo "::error::the logins input names $word, which does not exist"
            exit 2
        fi
        logins+=("${matched[@]}")
    done
    shopt -u nullglob
    logins=(--logins "${logins[@]}")
fi
status=0
linger -f "$inventory" check "${logins[@]}" --format sarif > "$sarif" || status=$?
if [ "$status" -gt 1 ]; then
    linger -f "$inventory" check "${logins[@]}" || true
    exit "$status"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    {
        echo '## linger check'
        echo
        echo '```'
        NO_COLOR=1 linger -f "$inventory" check "${logins[@]}" 2>&1 || true
        echo '```'
    } >> "$GITHUB_STEP_SUMMARY"
fi
echo "wrote $sarif"
