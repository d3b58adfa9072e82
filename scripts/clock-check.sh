#!/usr/bin/env bash
# Runs the tests marked `clock` (tests/conftest.py) once per instant given, each under faketime
# starting at that UTC instant and running on from it. Installs faketime when it is missing.
#   bash scripts/clock-check.sh "2026-12-02 13:00:00" "2026-12-31 16:59:30"
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v faketime >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends faketime >/dev/null
fi
[ $# -gt 0 ] || set -- "2026-12-02 13:00:00"
for at in "$@"; do
  echo "== tests marked clock, with the clock at $at UTC =="
  # Monotonic time is faked too: libfaketime 0.9.10 refuses Python's absolute sleeps otherwise.
  TZ=UTC faketime -f "@$at" .venv/bin/python -m pytest -q -p no:cacheprovider -m clock
done
