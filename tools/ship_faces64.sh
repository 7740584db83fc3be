#!/usr/bin/env bash
# Makes a kept copy of a faces run the shipped models/faces64, with everything the folder ships
# made again for its weights (ShippedFacesModelTest fails when one of them is not):
#   1. the weights, model.json (renamed faces64, with NOTES), samples.png and train.csv;
#   2. the image encoder: ENCODER (a folder holding encoder.npz / encoder.json trained for these
#      weights), or trained here from the current one (train-encoder --init, ENC_ITERATIONS steps);
#   3. the named-edit directions (directions --refit, fitted by classifier-faces-b);
#   4. the six arithmetic presets (eval arithmetic --write-presets, seed 1);
#   5. the start face (choose-start);
#   6. the PyTorch round-trip fixture (tools/make_fixtures.py roundtrip, Debian's torch).
# Needs target/latentlab.jar (mvn -q package -DskipTests) and /usr/bin/python3 with torch.
#   tools/ship_faces64.sh COPY "NOTES" [ENCODER]
# e.g. tools/ship_faces64.sh /work/runs/faces64s/models/it-0014034 "The default faces model since ..."
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:?usage: tools/ship_faces64.sh COPY NOTES [ENCODER]}
notes=${2:?usage: tools/ship_faces64.sh COPY NOTES [ENCODER]}
encoder=${3:-}
dst=models/faces64
jar=target/latentlab.jar
[ -f "$jar" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
[ -f "$src/model.json" ] && [ -f "$src/generator.npz" ] || { echo "$src is not a model folder" >&2; exit 2; }
ll() { echo "\$ latentlab $*"; java -Dai.djl.offline=true -Dlatentlab.root="$PWD" -jar "$jar" "$@"; }

old=$(mktemp -d)
cp "$dst"/encoder.npz "$dst"/encoder.json "$dst"/model.json "$old"/
for f in generator.npz discriminator.npz samples.png train.csv; do cp "$src/$f" "$dst/$f"; done
python3 - "$src/model.json" "$dst/model.json" "$notes" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
m["name"] = "faces64"
m.pop("start", None)
m["notes"] = sys.argv[3]
json.dump(m, open(sys.argv[2], "w"), indent=2, ensure_ascii=False)
EOF
rm -f "$dst"/encoder.npz "$dst"/encoder.json
if [ -n "$encoder" ]; then
  cp "$encoder"/encoder.npz "$encoder"/encoder.json "$dst"/
  python3 -c 'import json,sys; p=sys.argv[1]; e=json.load(open(p)); e["model"]="faces64"; json.dump(e,open(p,"w"),indent=2)' "$dst"/encoder.json
else
  ll train-encoder --model "$dst" --init "$old" --iterations "${ENC_ITERATIONS:-2000}" --seed 3
fi
ll directions --model "$dst" --refit --precision fp32 --quiet
rm -rf "$dst"/presets
ll eval arithmetic --model "$dst" --write-presets "$dst"/presets --precision fp32 --quiet
ll choose-start --model "$dst" --precision fp32 --quiet
/usr/bin/python3 tools/make_fixtures.py roundtrip
rm -rf "$old"
echo "shipped $src as $dst; now: mvn -o -q test -Dtest='ShippedFacesModelTest,PyTorchExportTest'"
