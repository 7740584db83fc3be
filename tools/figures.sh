#!/usr/bin/env bash
# Every figure the README reports, in one run: sample quality of the shipped models, the
# arithmetic and ablation evaluations, and the benchmarks. Needs target/latentlab.jar
# (mvn -q package -DskipTests) and, for the faces figures against real images, the generated
# faces (node tools/facegen/generate.js --count 20000 --seed 1 --smiling 0.65 --eyeglasses 0.65
# --out FACES). Takes ~20 minutes on 2 cores; run it on an otherwise idle machine.
#   tools/figures.sh [FACES_DIR]   (default /work/data/faces64h)
set -uo pipefail
cd "$(dirname "$0")/.."
faces=${1:-/work/data/faces64h}
ll() { echo; echo "\$ latentlab $*"; java -Dai.djl.offline=true -jar target/latentlab.jar "$@" 2>/dev/null; }
[ -f target/latentlab.jar ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
ll eval --model models/faces64 --samples 10000 --seed 1 --real "$faces" --quiet
ll eval --model models/digits --samples 10000 --seed 1 --quiet
ll eval --model models/digits-mlp --samples 10000 --seed 1 --quiet
# the readers: how far the two shipped face readers agree on generated faces (and the previous
# reader, if its files are in /tmp/cls-old: git show dc79c96:models/classifier-faces/classifier.{json,npz})
ll eval readers --model models/faces64 --samples 1000 --seed 1 --quiet
if [ -f /tmp/cls-old/classifier.json ]; then
  ll eval readers --model models/faces64 --samples 1000 --seed 1 --classifier /tmp/cls-old --reader models/classifier-faces-b --quiet
  ll eval readers --model models/faces64 --samples 1000 --seed 1 --classifier /tmp/cls-old --reader models/classifier-faces --quiet
fi
# judged by both readers (classifier-faces picks the exemplars, both must be sure of the result)
ll eval arithmetic --model models/faces64 --trials 200 --seed 1 --quiet
# named edits: the directions (fitted again), each edit alone, keeping Male, and keeping the other
# four main attributes; then truncation's effect on quality and variety
ll directions --model models/faces64 --refit --quiet
main="Male Smiling Eyeglasses Wearing_Hat Beard"
for a in Smiling Eyeglasses Wearing_Hat; do
  others=$(echo $main | tr ' ' '\n' | grep -vx $a | paste -sd, -)
  ll eval edit --model models/faces64 --attribute $a --quiet
  ll eval edit --model models/faces64 --attribute $a --keep Male --quiet
  ll eval edit --model models/faces64 --attribute $a --keep "$others" --quiet
done
ll eval edit --model models/faces64 --attribute Eyeglasses --margin 1.5 --quiet
ll eval edit --model models/faces64 --attribute Eyeglasses --keep Male --margin 1.5 --quiet
for psi in 1 0.8 0.6; do
  ll eval --model models/faces64 --samples 2000 --seed 1 --real "$faces" --truncation $psi --quiet
done
for a in Wearing_Hat Eyeglasses; do
  # the DCGAN paper's experiment on the third stage (128 channels at 16x16, K = 12) and the
  # second (256 at 8x8, K = 25), under 10% of the layer each: removal searched (Male and
  # Smiling kept) and, for contrast, the activation ranking
  ll eval ablation --model models/faces64 --attribute $a --k 12 --layer 2 --ranking search --samples 1000 --seed 1 --quiet
  ll eval ablation --model models/faces64 --attribute $a --k 12 --layer 2 --samples 1000 --seed 1 --quiet
  ll eval ablation --model models/faces64 --attribute $a --k 25 --samples 1000 --seed 1 --quiet
  ll eval ablation --model models/faces64 --attribute $a --k 25 --layer 1 --ranking search --samples 1000 --seed 1 --quiet
done
# encoding: 8 held-out faces (facegen seed 4242, which no model trained on: the first 8 of 16)
held=$(mktemp -d)
node tools/facegen/generate.js --count 16 --seed 4242 --out "$held/all" >/dev/null \
  && mkdir -p "$held/8" && cp "$held"/all/00000[1-8].png "$held/8/" \
  && ll eval encode --model models/faces64 --samples 8 --images "$held/8" --seed 1
rm -rf "$held"
ll bench --model models/faces64
ll bench train
ll bench ui --model models/faces64 --seconds 30 --hz 60
