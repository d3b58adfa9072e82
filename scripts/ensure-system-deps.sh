#!/usr/bin/env bash
# Installs the system libraries the app and its tests need, only when they are missing.
# Qt (even offscreen) needs EGL/GL, xkbcommon and fontconfig; screenshots need a font;
# the PostgreSQL test run needs the server binaries; building the bundle needs binutils.
# Needs root (or sudo) to install.
set -euo pipefail

missing=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libEGL.so.1' || missing+=(libegl1)
have_lib 'libGL.so.1' || missing+=(libgl1)
have_lib 'libxkbcommon.so.0' || missing+=(libxkbcommon0)
have_lib 'libfontconfig.so.1' || missing+=(libfontconfig1)
have_lib 'libdbus-1.so.3' || missing+=(libdbus-1-3)
have_lib 'libglib-2.0.so.0' || missing+=(libglib2.0-0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
# PyInstaller (scripts/build-bundle.sh) reads the bundle's libraries with objdump.
command -v objdump >/dev/null 2>&1 || missing+=(binutils)
# The printed-letter and receipt tests read their PDFs back as text.
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
  || missing+=(postgresql)

[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "Need root to install: ${missing[*]} (install them, then run again)" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
