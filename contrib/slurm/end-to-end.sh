#!/usr/bin/env bash
# End-to-end check of sweep-array.sh on a throw-away single-node Slurm: starts Slurm
# (single-node.sh), submits a 4-shard sweep of the district office, waits for the array and
# the merge job, runs the same sweep unsharded, and compares the files byte for byte.
# Run as root from the repository root:  contrib/slurm/end-to-end.sh [WORKDIR]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${1:-$(mktemp -d /tmp/amtsim-slurm-XXXXXX)}
mkdir -p "$work"

"$here/single-node.sh" start
(cd "$repo" && cargo build --release --quiet)
export AMTSIM="$repo/target/release/amtsim"
sweep_args=(--param 'staff[0].filled_fte=10:13:1' --param 'portal.reminder_factor=0.5:1:0.25' -r 4 --set simulation.days=90)

cd "$work"
export CPUS_PER_TASK=1
"$here/sweep-array.sh" 4 "$repo/scenarios/district-office.toml" "$work/slurm" "${sweep_args[@]}"
for _ in $(seq 1 600); do
    [ -z "$(squeue -h -n amtsim-sweep,amtsim-merge)" ] && break
    sleep 1
done
[ -f "$work/slurm/merged/summary.csv" ] || { echo "the merge job did not finish; see $work/amtsim-*.out" >&2; exit 1; }

"$AMTSIM" sweep "$repo/scenarios/district-office.toml" "${sweep_args[@]}" --out "$work/local" --force >/dev/null
for f in runs.csv summary.csv sweep.json; do
    cmp "$work/slurm/merged/$f" "$work/local/$f"
done
echo "byte-identical: $(($(wc -l < "$work/local/runs.csv") - 1)) runs from 4 Slurm array tasks merged = the unsharded sweep ($work)"
