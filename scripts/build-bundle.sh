#!/usr/bin/env bash
# Builds the office app's one-folder bundle (dist/simpul/) from the locks, never from the dev venv:
#   .venv-bundle  <- requirements/runtime.lock + requirements/bundle.lock (PyInstaller), each file
#                    checked against its sha256 (--require-hashes), then this project with --no-deps
#                    (so the bundle carries simpul's metadata: its version)
#   pyinstaller build.spec
# The venv is rebuilt when a lock changes. Prints the bundle's size and file count.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-python3}"
VENV=.venv-bundle
STAMP="$VENV/.locks.sha256"
want="$(cat requirements/runtime.lock requirements/bundle.lock | sha256sum | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  echo "bundle venv: installing requirements/runtime.lock + requirements/bundle.lock"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q --require-hashes \
    -r requirements/runtime.lock -r requirements/bundle.lock
  echo "$want" >"$STAMP"
fi
# The project itself, without dependencies: everything it needs is already there from the lock.
"$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation --force-reinstall .
rm -rf build/lib build/bdist.* ./*.egg-info
start=$(date +%s)
"$VENV/bin/pyinstaller" build.spec --noconfirm --log-level WARN
echo "bundle built in $(($(date +%s) - start)) s"
bytes=$(du -sb dist/simpul | cut -f1)
files=$(find dist/simpul -type f | wc -l)
echo "bundle dist/simpul: $((bytes / 1000000)) MB ($bytes bytes), $files files"
