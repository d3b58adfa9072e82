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
# CLOCK_CHECK_ALL=1 runs the whole suite at each instant instead of the tests marked `clock`.
if [ "${CLOCK_CHECK_ALL:-0}" = 1 ]; then PYTEST_SELECT=(); else PYTEST_SELECT=(-m clock); fi
for at in "$@"; do
  echo "== ${PYTEST_SELECT[*]:-all tests}, with the clock at $at UTC =="
  # Only the wall clock is faked: libfaketime 0.9.10 cannot fake the monotonic clock under
  # Python 3.11's timed waits (tests/faketime/sitecustomize.py says why and what it changes).
  FAKETIME_DONT_FAKE_MONOTONIC=1 PYTHONPATH="$PWD/tests/faketime${PYTHONPATH:+:$PYTHONPATH}" \
    TZ=UTC faketime -f "@$at" .venv/bin/python -m pytest -q -p no:cacheprovider "${PYTEST_SELECT[@]}"
done
