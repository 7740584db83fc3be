#!/usr/bin/env python3
"""Twemoji as a folder of 64x64 RGB images, for the "Bring your own model" walkthrough (docs/own-model.md).

Input: the npm package emoji-datasource-twitter@16.0.0 (Twemoji graphics by Twitter, Inc. and others,
CC-BY 4.0; the package is MIT), fetched once with `npm pack emoji-datasource-twitter@16.0.0`.
Output: OUT/emoji/NAME.png, every img/twitter/64/*.png of the package composited on white (the PNGs
have an alpha channel; DCGAN reads RGB), in the package's file order, so the set is the same on every
machine. OUT/emoji is the one "class" folder torchvision's ImageFolder (pytorch/examples dcgan's
--dataset folder) wants; LatentLab's --data reads OUT/emoji directly.

OUT/emoji/list_attr.txt labels each image with its Unicode category from the package's emoji.json, in
CelebA's layout (a count, the names, then "file 1 -1 ..."), so `latentlab train-classifier` can learn a
reader of these images: Smileys, People, Animals, Food, Travel, Activities, Objects, Symbols, Flags
(one 1 per image; the 5 skin-tone swatches of "Component" are -1 everywhere). ImageFolder ignores it.

    npm pack emoji-datasource-twitter@16.0.0
    /usr/bin/python3 tools/byom/prepare_emoji.py emoji-datasource-twitter-16.0.0.tgz /work/data/twemoji
"""
import json
import sys
import tarfile
from io import BytesIO
from pathlib import Path

from PIL import Image


CATEGORIES = [("Smileys", "Smileys & Emotion"), ("People", "People & Body"), ("Animals", "Animals & Nature"),
              ("Food", "Food & Drink"), ("Travel", "Travel & Places"), ("Activities", "Activities"),
              ("Objects", "Objects"), ("Symbols", "Symbols"), ("Flags", "Flags")]


def categories(t):
    """Image file name -> Unicode category, skin-tone variants included."""
    out = {}
    for e in json.load(t.extractfile("package/emoji.json")):
        out[e["image"]] = e["category"]
        for v in (e.get("skin_variations") or {}).values():
            out[v["image"]] = e["category"]
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: prepare_emoji.py PACKAGE.tgz OUT")
    tgz, out = Path(sys.argv[1]), Path(sys.argv[2]) / "emoji"
    out.mkdir(parents=True, exist_ok=True)
    n = skipped = 0
    rows = []
    with tarfile.open(tgz) as t:
        category = categories(t)
        members = sorted((m for m in t.getmembers()
                          if m.isfile() and m.name.startswith("package/img/twitter/64/") and m.name.endswith(".png")),
                         key=lambda m: m.name)
        for m in members:
            try:
                im = Image.open(BytesIO(t.extractfile(m).read())).convert("RGBA")
            except Exception as e:  # a broken file in the package: named, not fatal
                print(f"skipped {m.name}: {e}", file=sys.stderr)
                skipped += 1
                continue
            if im.size != (64, 64):
                im = im.resize((64, 64), Image.LANCZOS)
            white = Image.new("RGBA", im.size, (255, 255, 255, 255))
            name = Path(m.name).name
            Image.alpha_composite(white, im).convert("RGB").save(out / name)
            c = category.get(name)
            rows.append(name + " " + " ".join(" 1" if c == full else "-1" for _, full in CATEGORIES))
            n += 1
    with open(out / "list_attr.txt", "w") as f:
        f.write(f"{len(rows)}\n" + " ".join(a for a, _ in CATEGORIES) + "\n" + "\n".join(rows) + "\n")
    print(f"{n} images in {out} ({skipped} skipped)")


if __name__ == "__main__":
    main()
