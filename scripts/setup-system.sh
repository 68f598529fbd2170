#!/usr/bin/env bash
# Installs the Debian packages the pipeline needs (fonts, Pango, poppler), if missing.
# Idempotent: does nothing when everything is already installed.
set -euo pipefail

packages=(
  fonts-noto-core        # Noto Sans and the script families (pinned by the Debian release)
  libpango-1.0-0         # WeasyPrint's text layout
  libpangoft2-1.0-0
  libharfbuzz-subset0    # font subsetting
  poppler-utils          # pdftoppm, for page pictures and proofs
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  echo "error: need root (or sudo) to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
