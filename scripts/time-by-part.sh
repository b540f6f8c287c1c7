#!/usr/bin/env bash
# Where a replication's time goes, by part of the program: the event engine (src/engine/),
# random numbers (src/rng.rs, src/dist.rs, rand, rand_distr, rand_pcg, libm's exp and log),
# the statistics (src/stats/), the office model (src/model/, src/calendar/), files and
# allocation (src/output/, itoa, malloc, memmove), and the standard library's inlined helpers
# (bounds checks, iterators, comparisons), which belong to whichever part called them.
# Each sample of `perf record` is counted for the source file of its innermost inlined
# function (the profiling build has line tables), so the engine's share is what a faster
# engine, or no event list at all, could save at most.
# Runs figures-only replications of R1 and R2 and one five-year replication of the big city
# (scripts/big-city.sh's scenario), one thread each; takes about two minutes plus the build.
# Needs perf (Debian: linux-perf).
# Usage: scripts/time-by-part.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v perf > /dev/null || { echo "needs perf (apt-get install linux-perf)" >&2; exit 1; }
cargo build --profile profiling --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bin=target/profiling/amtsim
big_city=(--set simulation.days=1826
  --set 'case_types[0].holders.count=420000' --set 'case_types[1].holders.count=80000'
  --set 'case_types[2].arrivals.per_week=300'
  --set 'staff[0].positions_fte=280' --set 'staff[0].filled_fte=220'
  --set 'staff[1].positions_fte=100' --set 'staff[1].filled_fte=80'
  --set 'staff[2].head_count=40' --set 'staff[3].head_count=20' --set walkin.tickets_per_day=240)

profile() {
  local name=$1
  shift
  perf record -q -e cpu-clock -F 2000 -o "$out/$name.perf" "$bin" "$@" --out "$out/$name" --force --threads 1 \
    > /dev/null 2>&1
  perf report -i "$out/$name.perf" --no-children --sort srcfile --full-source-path 2> /dev/null \
    | awk -v name="$name" '
      /^ +[0-9.]+%/ {
        p = $1; sub("%", "", p); f = $2
        if (f ~ /\/src\/engine\//) part = "engine"
        else if (f ~ /\/src\/(rng|dist)\.rs|rand(_distr|_pcg|_core)?-|e_exp|e_log|w_exp|w_log/) part = "random numbers"
        else if (f ~ /\/src\/stats\//) part = "statistics"
        else if (f ~ /\/src\/(model|calendar)\//) part = "model"
        else if (f ~ /\/src\/output\/|itoa-|malloc|memmove|memset/) part = "files and allocation"
        else if (f ~ /\/library\/(core|alloc|std)\//) part = "standard library (inlined)"
        else part = "other"
        share[part] += p
      }
      END {
        n = split("engine,random numbers,statistics,model,files and allocation,standard library (inlined),other", order, ",")
        for (i = 1; i <= n; i++) { printf "%s | %s | %.1f %%\n", name, order[i], share[order[i]]; known += share[order[i]] }
        own = known - share["standard library (inlined)"] - share["other"]
        # The inlined helpers spread over the parts in proportion to their own shares.
        printf "%s | engine, with its part of the inlined helpers | %.1f %%\n", name, 100 * share["engine"] / own
        printf "%s | speed-up if the engine cost nothing (at most) | %.2fx\n", name, own / (own - share["engine"])
      }' | tee -a "$out/table"
}

profile R1 sweep scenarios/reference-mmc.toml --param simulation.seed=1 -r 100
profile R2 sweep scenarios/reference-office.toml --param simulation.seed=1 -r 300
profile big-city run scenarios/district-office.toml -r 1 "${big_city[@]}"
echo
echo "| scenario | part | share of samples |"
echo "|---|---|---|"
sed 's/^/| /; s/$/ |/' "$out/table"
