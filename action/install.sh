#!/usr/bin/env bash
# The action's first step: linger on the PATH, built from the action's own
# checkout with cargo unless a linger is there already.
set -euo pipefail
if command -v linger >/dev/null 2>&1; then
    echo "using $(command -v linger): $(linger --version)"
    exit 0
fi
here=$(cd "$(dirname "$0")/.." && pwd)
cargo install --locked --path "$here"
linger --version
