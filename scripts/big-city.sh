#!/usr/bin/env bash
# The largest office we test: the district office scaled about 20-fold to 500,000 document
# holders, run for five years. Prints the time per replication and (with GNU time) the peak
# memory. Usage: scripts/big-city.sh [extra amtsim options]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
out=$(mktemp -d)
run=(target/release/amtsim run scenarios/district-office.toml --out "$out" --force --timing --replications 2 --threads 1
  --set simulation.days=1826
  --set 'case_types[0].holders.count=420000' --set 'case_types[1].holders.count=80000'
  --set 'case_types[2].arrivals.per_week=300'
  --set 'staff[0].positions_fte=280' --set 'staff[0].filled_fte=220'
  --set 'staff[1].positions_fte=100' --set 'staff[1].filled_fte=80'
  --set 'staff[2].head_count=40' --set 'staff[3].head_count=20' --set walkin.tickets_per_day=240 "$@")
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v "${run[@]}" 2> "$out/time.txt" | tail -3
  grep -E "Maximum resident|Elapsed" "$out/time.txt"
else
  "${run[@]}" | tail -3
fi
rm -rf "$out"
