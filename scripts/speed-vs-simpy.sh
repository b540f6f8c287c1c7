#!/usr/bin/env bash
# amtsim against idiomatic SimPy (benches/simpy/) on the reference models R1 and R2, both on
# one thread, timed in alternating rounds in one sitting (this machine's speed drifts by 20 %
# and more within an hour, so only a ratio measured side by side means anything).
# Prints each round's time per replication and ratio, then the medians.
# Needs python3 with simpy 4.1.2 (pip install simpy==4.1.2).
# Usage: scripts/speed-vs-simpy.sh [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
python3 -c "import simpy" 2>/dev/null || { echo "needs SimPy: pip install simpy==4.1.2" >&2; exit 1; }
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# ms per replication: amtsim's own timing line (replications only, not the files).
amtsim_ms() {
  target/release/amtsim run "scenarios/$1" --out "$out/run" --force --threads 1 --replications "$2" --timing \
    | sed -n 's/.* \([0-9.]*\) ms per replication.*/\1/p'
}
# ms per replication: the SimPy script's median (model construction and run).
simpy_ms() {
  python3 "benches/simpy/$1" "$2" --json | python3 -c 'import json,sys; print(1000 * json.load(sys.stdin)["median_s"])'
}
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

for model in "R1 reference-mmc.toml r1_mmc.py 3 100" "R2 reference-office.toml r2_office.py 5 300"; do
  read -r name scenario script simpy_reps amtsim_reps <<< "$model"
  : > "$out/ratios"
  for round in $(seq "$rounds"); do
    s=$(simpy_ms "$script" "$simpy_reps")
    a=$(amtsim_ms "$scenario" "$amtsim_reps")
    ratio=$(awk -v s="$s" -v a="$a" 'BEGIN {printf "%.0f", s / a}')
    echo "$ratio" >> "$out/ratios"
    printf '%s round %d: SimPy %.0f ms, amtsim %.2f ms per replication: %s x\n' "$name" "$round" "$s" "$a" "$ratio"
  done
  echo "$name: median ratio $(median < "$out/ratios") x over $rounds rounds"
done
