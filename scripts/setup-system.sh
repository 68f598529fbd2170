#!/usr/bin/env bash
# Installs what the pipeline needs from Debian (fonts, Pango, poppler, the FOGRA39
# characterisation data and ArgyllCMS; qpdf and Node.js for the tests' validators), then
# makes the default press ICC profile.
# Idempotent: does nothing when everything is already in place.
set -euo pipefail

packages=(
  fonts-noto-core        # Noto Sans and the script families (pinned by the Debian release)
  libpango-1.0-0         # WeasyPrint's text layout
  libpangoft2-1.0-0
  libharfbuzz-subset0    # font subsetting
  poppler-utils          # pdftoppm and pdftotext: page pictures, proofs, preflight
  icc-profiles-free      # FOGRA39L.ti3: the FOGRA39 characterisation data
  argyll                 # colprof: makes the press output-intent profile from it
  qpdf                   # qpdf --check: an independent reader of every PDF (tests)
  chromium               # the browser the workbench test drives (Playwright, headless)
)

# The press PDFs' output intent (see render/paths.py, DEFAULT_PROFILE).
profile_dir=/usr/local/share/color/icc/recovery-print
profile="$profile_dir/FOGRA39L-argyll.icc"

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  sudo=(false)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js runs pdfcpu's validator (scripts/pdfcpu, tests): Debian's, unless the machine has one.
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  if [ "${sudo[*]}" = false ]; then
    echo "error: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -s "$profile" ]; then
  if [ "${sudo[*]}" = false ]; then
    echo "error: need root (or sudo) to install the press ICC profile in $profile_dir" >&2
    exit 1
  fi
  echo "Making the press ICC profile (FOGRA39, from FOGRA39L.ti3; about 20 s)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp /usr/share/color/icc/FOGRA39L.ti3 "$work/FOGRA39L.ti3"
  # Medium quality, 330 % total ink (the FOGRA39 condition's limit).
  (cd "$work" && colprof -qm -l 330 -D "Coated FOGRA39 (ISO 12647-2:2004), FOGRA39L data" \
    -C "Made with ArgyllCMS colprof from the Fogra FOGRA39L characterisation data" \
    -O profile.icc FOGRA39L >/dev/null)
  # The header's creation date (bytes 24-35) is the only part that varies between
  # runs: fix it to the data's date, December 2006, so every machine makes the same bytes.
  printf '\x07\xd6\x00\x0c\x00\x01\x00\x00\x00\x00\x00\x00' |
    dd of="$work/profile.icc" bs=1 seek=24 conv=notrunc status=none
  "${sudo[@]}" mkdir -p "$profile_dir"
  "${sudo[@]}" install -m 0644 "$work/profile.icc" "$profile"
fi
