#!/usr/bin/env bash
# Every figure docs/figures.md reports, in one run: sample quality of the shipped models, the
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
# judged by both readers (classifier-faces picks the exemplars, both must be sure of the result);
# seed 3 as a second seed, and PREV (if present) as a reader that took no part in choosing faces64
ll eval arithmetic --model models/faces64 --trials 200 --seed 1 --quiet --grid /tmp/arithmetic-faces64-seed1.png --grid-trials 16
ll eval arithmetic --model models/faces64 --trials 200 --seed 3 --quiet
if [ -f /tmp/cls-old/classifier.json ]; then
  ll eval arithmetic --model models/faces64 --trials 200 --seed 1 --reader models/classifier-faces-b --reader /tmp/cls-old --quiet
fi
# does it copy its data? and the face the app opens on
ll eval neighbours --model models/faces64 --real "$faces" --count 32 --seed 1 --out /tmp/faces64-neighbours.png
# named edits: the directions (fitted again by classifier-faces-b), then each edit at the margin
# chosen on seed 3 (docs/figures.md), judged by classifier-faces (and PREV if present); then truncation
ll directions --model models/faces64 --refit --quiet
readers="--reader models/classifier-faces"
[ -f /tmp/cls-old/classifier.json ] && readers="$readers --reader /tmp/cls-old"
edit() { ll eval edit --model models/faces64 --samples 1000 --seed 2 $readers --quiet "$@"; }
edit --attribute Smiling --keep Male --margin 4.0
edit --attribute Smiling --keep Male --margin 2.0
edit --attribute Eyeglasses --keep Male --margin 1.0
edit --attribute Wearing_Hat --keep Male --margin 1.0
edit --attribute Wearing_Hat --keep Male --margin 0.5
for psi in 1 0.8 0.6; do
  ll eval --model models/faces64 --samples 2000 --seed 1 --real "$faces" --truncation $psi --quiet
done
# the DCGAN paper's experiment under 10% of a layer: hats on the second stage (25 of 256 at 8x8),
# glasses on the third (12 of 128 at 16x16), searched by removal (Male and Smiling kept; judged by
# both readers) and, for contrast, ranked by activation
ll eval ablation --model models/faces64 --attribute Wearing_Hat --k 25 --layer 1 --ranking search --samples 1000 --seed 1 --quiet --grid /tmp/removal-hats.png
ll eval ablation --model models/faces64 --attribute Wearing_Hat --k 25 --layer 1 --samples 1000 --seed 1 --quiet
ll eval ablation --model models/faces64 --attribute Eyeglasses --k 12 --layer 2 --ranking search --samples 1000 --seed 1 --quiet --grid /tmp/removal-glasses.png
ll eval ablation --model models/faces64 --attribute Eyeglasses --k 12 --layer 2 --samples 1000 --seed 1 --quiet
# encoding: the app's quick search (40 steps x 2 starts from the encoder's guess) on 100 G(z*) and
# on 100 held-out faces (facegen seed 4242, which no model trained on)
held=$(mktemp -d)
node tools/facegen/generate.js --count 100 --seed 4242 --out "$held" >/dev/null \
  && ll eval encode --model models/faces64 --samples 100 --images "$held" --max-images 100 --methods hybrid \
       --steps 40 --restarts 2 --seed 1
rm -rf "$held"
ll bench --model models/faces64
ll bench train
ll bench ui --model models/faces64 --seconds 30 --hz 60
