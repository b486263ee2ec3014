#!/usr/bin/env bash
# The lesson's workloads side by side: `backprop bench` (Java), the lesson's loop in numpy and the
# same network in PyTorch, on the same MNIST data, float64, the same thread count. Launches
# alternate (java, numpy, torch, java, ...) for a few rounds, so a slow spell of the machine hits
# all three; each launch prints the median of its timed epochs, and the summary is, per workload,
# the median of the launches' medians and the ratios numpy/java and torch/java (> 1: Java faster).
# Not part of the build or CI. Needs full MNIST (the four IDX files, raw or gzipped) in DIR, and
# /usr/bin/python3 with numpy and torch (Debian: python3-numpy python3-torch; for a fast numpy,
# libopenblas0-pthread: the script prints which BLAS numpy uses).
set -euo pipefail

usage() {
  echo "usage: benchmarks/compare.sh DIR [--rounds R] [--epochs N] [--warmup W] [--threads T]" >&2
  echo "  DIR       folder with full MNIST" >&2
  echo "  --rounds  launches of each implementation, alternating (>= 1, default 3)" >&2
  echo "  --epochs  timed epochs per workload and launch (>= 1, default 10)" >&2
  echo "  --warmup  untimed epochs before them (>= 0, default 20)" >&2
  echo "  --threads threads for every implementation (>= 1, default 2)" >&2
  exit 2
}

[[ $# -ge 1 && $1 != -* ]] || usage
dir="$1"; shift
rounds=3 epochs=10 warmup=20 threads=2
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || usage
  case "$1" in
    --rounds) rounds="$2" ;;
    --epochs) epochs="$2" ;;
    --warmup) warmup="$2" ;;
    --threads) threads="$2" ;;
    *) usage ;;
  esac
  shift 2
done
at_least() {   # at_least OPTION VALUE MIN; 10# reads 08 as eight, not as a bad octal number
  (( 10#$2 >= $3 )) || { echo "compare.sh: invalid $1 $2 (must be >= $3)" >&2; usage; }
}
at_least --rounds "$rounds" 1
at_least --epochs "$epochs" 1
at_least --warmup "$warmup" 0
at_least --threads "$threads" 1
rounds=$((10#$rounds)) epochs=$((10#$epochs)) warmup=$((10#$warmup)) threads=$((10#$threads))
[[ -d "$dir" ]] || { echo "compare.sh: $dir is not a folder" >&2; exit 1; }
python=/usr/bin/python3
# before the first launch, not minutes later when the numpy or torch one fails
"$python" -c 'import numpy, torch' 2>/dev/null || {
  echo "compare.sh: $python cannot import numpy and torch (Debian: apt-get install python3-numpy python3-torch)" >&2
  exit 1
}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

echo "compare.sh: $rounds rounds of $warmup warm-up + $epochs timed epochs per workload, $threads thread(s), data $dir"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

"$root/backprop" --version >/dev/null   # builds the jar now, not inside the first timed launch

run() {   # run NAME ROUND COMMAND...: one launch, its output kept in $logs/NAME.ROUND
  local name="$1" round="$2"; shift 2
  if ! "$@" >"$logs/$name.$round" 2>"$logs/$name.$round.err"; then
    echo "compare.sh: $name failed:" >&2
    cat "$logs/$name.$round" "$logs/$name.$round.err" >&2
    exit 1
  fi
  sed "s/^/  $name #$round: /" "$logs/$name.$round" | grep -E 'batch:|BLAS|torch [0-9]|Bench:|Round trip|not found' || true
}

for ((r = 1; r <= rounds; r++)); do
  run java "$r" "$root/backprop" bench --data-dir "$dir" --epochs "$epochs" --warmup "$warmup" --threads "$threads"
  run numpy "$r" "$python" "$here/python/bench_numpy.py" "$dir" --epochs "$epochs" --warmup "$warmup" --threads "$threads"
  run torch "$r" "$python" "$here/python/bench_torch.py" "$dir" --epochs "$epochs" --warmup "$warmup" --threads "$threads"
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
"$python" - "$logs" "$rounds" <<'PY'
import re, statistics, sys
logs, rounds = sys.argv[1], int(sys.argv[2])
medians = {}
for impl in ("java", "numpy", "torch"):
    for r in range(1, rounds + 1):
        for line in open(f"{logs}/{impl}.{r}"):
            m = re.match(r"(full-batch|mini-batch): ([0-9.]+) ms/epoch", line)
            if m:
                medians.setdefault((impl, m.group(1)), []).append(float(m.group(2)))
print()
print(f"{'workload':<12}{'java ms':>10}{'numpy ms':>10}{'torch ms':>10}{'numpy/java':>12}{'torch/java':>12}")
for workload in ("full-batch", "mini-batch"):
    ms = {impl: statistics.median(medians[(impl, workload)]) for impl in ("java", "numpy", "torch")}
    print(f"{workload:<12}{ms['java']:>10.1f}{ms['numpy']:>10.1f}{ms['torch']:>10.1f}"
          f"{ms['numpy'] / ms['java']:>12.2f}{ms['torch'] / ms['java']:>12.2f}")
print("(medians over the launches of each launch's median epoch; ratios > 1: Java is faster)")
PY
