#!/usr/bin/env bash
# The page's end-to-end time: from the click on "Berechnen" to the rendered result, status
# quo and a variant of the district office (two more general-law clerks), 20 replications
# each, in headless Chromium (tests/serve_browser.rs). Runs it ROUNDS times (default 5) and
# prints each time and the median. Needs chromium and chromium-driver (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
cargo build --release --quiet
times=()
for _ in $(seq "$rounds"); do
    t=$(cargo test --release --quiet --test serve_browser -- --nocapture 2>&1 |
        sed -n 's/^click to rendered result.*: \([0-9.]*\) s$/\1/p')
    echo "click to rendered result: $t s"
    times+=("$t")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median of " NR ": " a[int((NR+1)/2)] " s"}'
