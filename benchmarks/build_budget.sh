#!/usr/bin/env bash
# The build and test budgets (issue #17): a cold `make book` (<= 5 min on 2 cores after set-up)
# and `make test` on a clean _build (<= 12 min), each with its wall and CPU (user + sys) time.
#
#   bash benchmarks/build_budget.sh            # in a checkout whose `make` set-up is done
#
# Run it where .venv is the checkout's own: with a .venv shared between checkouts, `make` may
# redo its set-up and point the shared editable negedu install at this checkout.
# It deletes _build (the site and the execution caches). Wall time depends on what else the
# machine runs; CPU time much less: report both. Each pytest step of `make test` prints its own
# wall time on its last line ("... passed in 123.45s"), shown below the totals.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp -d)

measure() {  # measure <name> <command...>
  local name=$1; shift
  rm -rf _build
  /usr/bin/time -f "%e %U %S" -o "$log/$name.time" "$@" > "$log/$name.log" 2>&1 || echo "$name FAILED (log: $log/$name.log)"
  awk -v name="$name" '{printf "%-5s wall %6.0f s   cpu %6.0f s (user %.0f + sys %.0f)\n", name, $1, $2 + $3, $2, $3}' "$log/$name.time"
}

measure book make book
measure test make test
grep -E "^=+ .*(passed|failed|error).* in [0-9.]+s" "$log/test.log" | sed 's/^/  make test step: /'
echo "logs: $log"
