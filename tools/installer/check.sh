#!/usr/bin/env bash
# Checks that the app image starts without a display and samples a shipped model:
#   tools/installer/check.sh [IMAGE]     (default target/installer/LatentLab; run by `mvn -Pinstaller verify`)
# It uses a fresh HOME, so nothing from this user's ~/.latentlab or ~/.djl.ai is reused.
set -euo pipefail
image=${1:-target/installer/LatentLab}
launcher="$image/bin/LatentLab"
[[ -x $launcher ]] || { echo "error: $launcher not found; build the image first (mvn -q -Pinstaller package)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s%N)
env -u DISPLAY -u WAYLAND_DISPLAY HOME="$work/home" "$launcher" sample --model "$image/lib/app/models/faces64" \
    --count 16 --seed 3 --out "$work/grid.png" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
env -u DISPLAY HOME="$work/home" "$launcher" --version >"$work/version"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
# a PNG whose IHDR says 4 x 64 px + 5 gaps of 2 px = 266 x 266
read -r -a b < <(od -An -tu1 -N24 -w24 "$work/grid.png")
w=$(( b[16] << 24 | b[17] << 16 | b[18] << 8 | b[19] ))
h=$(( b[20] << 24 | b[21] << 16 | b[22] << 8 | b[23] ))
if [[ ${b[1]} != 80 || ${b[2]} != 78 || ${b[3]} != 71 || $w != 266 || $h != 266 ]]; then
    echo "error: $work/grid.png is not the 266x266 PNG grid of 16 faces (got ${w}x$h)" >&2
    exit 1
fi
# the same pixels as the jar on this machine, when there is one to compare with
jar=${LATENTLAB_JAR:-target/latentlab.jar}
if [[ -f $jar ]]; then
    java -Dai.djl.offline=true -jar "$jar" sample --model "$image/lib/app/models/faces64" --count 16 --seed 3 \
        --out "$work/ref.png" 2>/dev/null
    cmp -s "$work/grid.png" "$work/ref.png" || { echo "error: the image's samples differ from $jar's" >&2; exit 1; }
fi
echo "ok: $(cat "$work/version") in $image sampled 16 faces without a display (${ms} ms for both commands, first start)"
