#!/bin/sh
# Renders an amtsim report (or any HTML file) in headless Chromium and saves a screenshot,
# so a person can look at the report as a browser shows it.
#
#   scripts/screenshot-report.sh REPORT.html OUT.png [WIDTH HEIGHT]
#
# Uses Debian's chromium package; installs it (apt-get) when it is missing and we are root.
# The window is 1280 px wide and 4000 px high unless WIDTH and HEIGHT are given. Nothing is
# fetched from the network: the report is self-contained, and the background services of
# Chromium are switched off.
set -eu

if [ "$#" -lt 2 ]; then
    echo "usage: $0 REPORT.html OUT.png [WIDTH HEIGHT]" >&2
    exit 2
fi
report=$1
out=$2
width=${3:-1280}
height=${4:-4000}

if [ ! -f "$report" ]; then
    echo "$0: $report: no such file" >&2
    exit 2
fi

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "$0: chromium is not installed; run: sudo apt-get install -y chromium" >&2
        exit 1
    fi
    echo "installing chromium (Debian package) ..." >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >&2
    browser=$(command -v chromium)
fi

# Absolute paths: Chromium resolves relative ones against its own working directory.
case $report in /*) ;; *) report=$(pwd)/$report ;; esac
case $out in /*) ;; *) out=$(pwd)/$out ;; esac

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT INT TERM

"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" \
    --screenshot="$out" --window-size="$width,$height" "file://$report" >&2

if [ ! -s "$out" ]; then
    echo "$0: Chromium wrote no screenshot to $out" >&2
    exit 1
fi
echo "wrote $out"
