#!/usr/bin/env bash
# Re-resolves requirements/runtime.lock (what the bundle ships) and requirements/dev.lock
# (runtime + tests and tools) from pyproject.toml, for every platform and Python >= 3.11,
# with the sha256 of every file. `make` installs from dev.lock with --require-hashes.
set -euo pipefail
cd "$(dirname "$0")/.."
UV=".venv/bin/uv"
[ -x "$UV" ] || .venv/bin/python -m pip install -q uv
common=(--universal --python-version 3.11 --generate-hashes --no-header -q)
"$UV" pip compile pyproject.toml "${common[@]}" "$@" -o requirements/runtime.lock
"$UV" pip compile pyproject.toml --extra dev "${common[@]}" "$@" -o requirements/dev.lock
echo "locks written: requirements/runtime.lock, requirements/dev.lock"
