#!/usr/bin/env bash
# LatentLab `bench train` against PyTorch's pytorch/examples DCGAN recipe, on this machine.
# Runs LatentLab (L), torch-standard (S) and torch-phase (P) interleaved, L S P L S P ..., for
# --rounds rounds with the same shapes, iterations, repeats and intra-op threads, then prints
# per shape the median images/s of each and the ratios L/S (target >= 1.5) and L/P (>= 1.0).
set -euo pipefail

usage() {
    cat <<'EOF'
usage: tools/bench/compare.sh [--rounds R] [--shape 64x3,32x1,28x1] [--iterations N] [--repeats K] [--threads T]
                              [--torch-malloc default|latentlab]

  --rounds R       interleaved L/S/P rounds (default 3)
  --shape LIST     SIZExCHANNELS list (default 64x3,32x1,28x1)
  --iterations N   iterations per timed block (default 10)
  --repeats K      timed blocks per run (default 3)
  --threads T      intra-op threads for both LatentLab and PyTorch (default 2)
  --torch-malloc M default: PyTorch runs with glibc's malloc defaults, as a user runs it;
                   latentlab: with the settings LatentLab applies to itself (mmap threshold
                   32 MB, trim threshold 1 GB, top pad 256 MB, see NativeMemory.java), to
                   compare the two with the same allocator

Environment: JAVA (default java), PYTHON (default /usr/bin/python3).
Run it on an otherwise idle machine; the figures are only comparable within one invocation.
EOF
}

rounds=3
shapes=64x3,32x1,28x1
iterations=10
repeats=3
threads=2
torch_malloc=default
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="${2:?--rounds needs a value}"; shift 2 ;;
        --shape|--shapes) shapes="${2:?--shape needs a value}"; shift 2 ;;
        --iterations) iterations="${2:?--iterations needs a value}"; shift 2 ;;
        --repeats) repeats="${2:?--repeats needs a value}"; shift 2 ;;
        --threads) threads="${2:?--threads needs a value}"; shift 2 ;;
        --torch-malloc) torch_malloc="${2:?--torch-malloc needs a value}"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "compare.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
for v in "$rounds" "$iterations" "$repeats" "$threads"; do
    if ! [[ "$v" =~ ^[1-9][0-9]*$ ]]; then
        echo "compare.sh: --rounds, --iterations, --repeats and --threads take positive integers, got '$v'" >&2
        exit 2
    fi
done

case "$torch_malloc" in
    default) torch_env=() ;;
    latentlab) torch_env=(env MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824
                          MALLOC_TOP_PAD_=268435456) ;;
    *) echo "compare.sh: --torch-malloc takes default or latentlab, got '$torch_malloc'" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
JAVA="${JAVA:-java}"
PYTHON="${PYTHON:-/usr/bin/python3}"
jar=target/latentlab.jar
bench_py=tools/bench/bench_torch.py

if [[ ! -f "$jar" ]]; then
    echo "compare.sh: $root/$jar is missing; build it first with: mvn -q package -DskipTests" >&2
    exit 1
fi
if ! command -v "$JAVA" >/dev/null 2>&1; then
    echo "compare.sh: '$JAVA' not found; install a JDK 17+ or set JAVA=/path/to/java" >&2
    exit 1
fi
if [[ ! -x "$PYTHON" ]] || ! "$PYTHON" -c 'import torch' >/dev/null 2>&1; then
    echo "compare.sh: $PYTHON cannot import torch; install it with: apt-get install python3-torch" >&2
    exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
results="$tmp/results"   # lines: TOOL SHAPE IMAGES_PER_S
: >"$results"

# run LABEL TOOL CMD...: runs one benchmark, echoes its output, appends its figures to $results
run() {
    local label="$1" tool="$2"
    shift 2
    local out="$tmp/out"
    if ! "$@" >"$out" 2>&1; then
        echo "compare.sh: the $label run failed:" >&2
        sed 's/^/    /' "$out" >&2
        if [[ "$tool" == LatentLab ]]; then
            echo "compare.sh: is 'bench train' in the built jar? rebuild with: mvn -q package -DskipTests" >&2
        fi
        exit 1
    fi
    sed 's/^/    /' "$out" >&2
    local n
    n="$(awk -v tool="$tool" '/(^| )train [0-9]+x[0-9]+x[0-9]+ DCGAN .* images\/s/ {
            for (i = 1; i <= NF; i++) {
                if ($i == "train") shape = $(i + 1)
                if ($i == "images/s") rate = $(i - 1)
            }
            print tool, shape, rate
        }' "$out" | tee -a "$results" | wc -l)"
    if [[ "$n" -eq 0 ]]; then
        echo "compare.sh: the $label run printed no 'images/s' lines" >&2
        exit 1
    fi
}

args=(--iterations "$iterations" --repeats "$repeats" --shape "$shapes")
echo "LatentLab vs PyTorch DCGAN training: shapes $shapes, $iterations iterations x $repeats repeats, $threads threads, $rounds rounds, PyTorch malloc $torch_malloc" >&2
for ((r = 1; r <= rounds; r++)); do
    echo "round $r/$rounds: LatentLab" >&2
    run "LatentLab (round $r)" LatentLab \
        "$JAVA" -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" \
        -jar "$jar" bench train "${args[@]}"
    for variant in standard phase; do
        echo "round $r/$rounds: torch-$variant" >&2
        run "torch-$variant (round $r)" "torch-$variant" \
            ${torch_env[@]+"${torch_env[@]}"} "$PYTHON" "$bench_py" --variant "$variant" --threads "$threads" "${args[@]}"
    done
done

# per shape (in --shape order): medians over rounds, ratios, targets
order="$(echo "$shapes" | tr ',' '\n' | awk -F x 'NF == 2 { printf "%s%sx%sx%s", sep, $1, $1, $2; sep = "," }')"
awk -v order="$order" -v rounds="$rounds" '
    function median(list,    v, n, i, j, t) {
        n = split(list, v, " ")
        for (i = 2; i <= n; i++) {           # insertion sort (mawk has no asort)
            t = v[i] + 0
            for (j = i - 1; j >= 1 && v[j] + 0 > t; j--) v[j + 1] = v[j]
            v[j + 1] = t
        }
        if (n == 0) return -1
        return n % 2 ? v[(n + 1) / 2] + 0 : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    function fmt(x) { return x < 0 ? "n/a" : sprintf("%.1f", x) }
    function ratio(a, b, target) {
        if (a < 0 || b <= 0) return "n/a"
        return sprintf("%.2f %s", a / b, a / b >= target ? "ok" : "BELOW " sprintf("%.1f", target))
    }
    { rates[$1 SUBSEP $2] = rates[$1 SUBSEP $2] " " $3 }
    END {
        n = split(order, shape, ",")
        split("LatentLab torch-standard torch-phase", tool, " ")
        printf "\nimages/s per run, in round order\n"
        for (i = 1; i <= n; i++)
            for (t = 1; t <= 3; t++)
                printf "  %-9s %-15s%s\n", shape[i], tool[t], rates[tool[t] SUBSEP shape[i]]
        printf "\nmedian images/s over %d rounds (each run itself a median of its timed blocks)\n", rounds
        printf "%-9s %10s %15s %12s  %19s %16s\n", "shape", "LatentLab", "torch-standard", "torch-phase",
            "LatentLab/standard", "LatentLab/phase"
        for (i = 1; i <= n; i++) {
            l = median(rates["LatentLab" SUBSEP shape[i]])
            s = median(rates["torch-standard" SUBSEP shape[i]])
            p = median(rates["torch-phase" SUBSEP shape[i]])
            printf "%-9s %10s %15s %12s  %19s %16s\n", shape[i], fmt(l), fmt(s), fmt(p),
                ratio(l, s, 1.5), ratio(l, p, 1.0)
        }
        printf "targets: LatentLab/standard >= 1.5, LatentLab/phase >= 1.0\n"
    }' "$results"
