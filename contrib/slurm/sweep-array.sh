#!/usr/bin/env bash
# A sweep as a Slurm job array: one array task per shard, then a merge job that runs when
# every task has succeeded. The merged runs.csv and summary.csv are byte for byte those of
# the same sweep run on one machine.
#
# Submit (from a login node, in a folder every node can read and write):
#
#   contrib/slurm/sweep-array.sh SHARDS SCENARIO OUT [amtsim sweep options...]
#   contrib/slurm/sweep-array.sh 8 scenarios/district-office.toml results/clerks \
#       --param 'staff[0].filled_fte=9:14:1' --param 'portal.reminder_factor=0.5:1:0.05' -r 20
#
# Shard i writes OUT/shard-i; the merge writes OUT/merged. A task that is requeued or
# resubmitted continues its shard with --resume, so no run is lost or done twice.
# Environment: AMTSIM (default: amtsim on PATH), AMTSIM_COMMAND (sweep, the default, or
# sensitivity: a sensitivity study's design points sharded the same way), CPUS_PER_TASK
# (default 2), and any sbatch option through SBATCH_* variables (e.g. SBATCH_PARTITION,
# SBATCH_TIMELIMIT).
#SBATCH --job-name=amtsim-sweep
#SBATCH --output=%x-%A_%a.out
set -euo pipefail

AMTSIM=${AMTSIM:-amtsim}
COMMAND=${AMTSIM_COMMAND:-sweep}
case "$COMMAND" in
    sweep) started=sweep.json ;;
    sensitivity) started=study.json ;;
    *) echo "AMTSIM_COMMAND=$COMMAND: expected sweep or sensitivity" >&2; exit 2 ;;
esac

run_shard() {
    local scenario=$1 out=$2
    shift 2
    local index=${SLURM_ARRAY_TASK_ID:?not inside an array task} count=${SLURM_ARRAY_TASK_COUNT:?}
    local dir="$out/shard-$index"
    local resume=()
    # A requeued task finds its own partial output and continues after its last full row.
    [ -f "$dir/$started" ] && resume=(--resume)
    exec "$AMTSIM" "$COMMAND" "$scenario" "$@" --shard "$index/$count" --out "$dir" \
        --threads "${SLURM_CPUS_PER_TASK:-1}" "${resume[@]}"
}

run_merge() {
    local out=$1 count=$2
    local dirs=()
    for ((i = 0; i < count; i++)); do dirs+=("$out/shard-$i"); done
    exec "$AMTSIM" merge "$out/merged" "${dirs[@]}" --force
}

submit() {
    if [ $# -lt 3 ]; then
        echo "usage: $0 SHARDS SCENARIO OUT [amtsim sweep options...]" >&2
        exit 2
    fi
    local shards=$1 scenario=$2 out=$3
    shift 3
    # Every grid point is checked before anything is queued: a mistake ends here, not in
    # every array task. (A sensitivity study checks its inputs' ranges as each task starts.)
    [ "$COMMAND" = sweep ] && "$AMTSIM" sweep "$scenario" "$@" --dry-run
    mkdir -p "$out"
    local array
    array=$(sbatch --parsable --array="0-$((shards - 1))" --cpus-per-task="${CPUS_PER_TASK:-2}" \
        "$0" shard "$scenario" "$out" "$@")
    array=${array%%;*}
    local merge
    # --kill-on-invalid-dep: if a task fails, the merge is cancelled instead of waiting forever.
    merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes --job-name=amtsim-merge --output=%x-%j.out "$0" merge "$out" "$shards")
    echo "submitted array job $array ($shards shards) and merge job ${merge%%;*}; results in $out/merged"
}

case "${1:-}" in
    shard) shift; run_shard "$@" ;;
    merge) shift; run_merge "$@" ;;
    *) submit "$@" ;;
esac
