#!/usr/bin/env bash
# Re-resolves the locks from pyproject.toml, for every platform and Python >= 3.11, with the
# sha256 of every file:
#   requirements/runtime.lock  the office app and the server (no PostgreSQL driver)
#   requirements/dev.lock      runtime + PostgreSQL driver + tests and tools; `make` installs it
#   requirements/bundle.lock   PyInstaller for scripts/build-bundle.sh, held to runtime.lock
set -euo pipefail
cd "$(dirname "$0")/.."
UV=".venv/bin/uv"
[ -x "$UV" ] || .venv/bin/python -m pip install -q uv
common=(--universal --python-version 3.11 --generate-hashes --no-header -q)
"$UV" pip compile pyproject.toml "${common[@]}" "$@" -o requirements/runtime.lock
"$UV" pip compile pyproject.toml --extra dev --extra postgres "${common[@]}" "$@" \
  -o requirements/dev.lock
"$UV" pip compile requirements/bundle.in -c requirements/runtime.lock "${common[@]}" "$@" \
  -o requirements/bundle.lock
echo "locks written: requirements/runtime.lock, requirements/dev.lock, requirements/bundle.lock"
