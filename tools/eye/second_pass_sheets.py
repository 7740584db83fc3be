"""The sheets of the eye labels' blind second pass (src/test/resources/eye-labels/README.md).

Before: each shipped reader reads the labelled sets,
    java -jar target/latentlab.jar read --images src/test/resources/eye-labels/SET --reader models/R --out READS/SET-R.csv
An image is disputed for an attribute when two or three readers disagree with its first-pass label.
As many undisputed callable images of the set join them (--control-seed); the lot is shuffled
(--shuffle-seed) and drawn 10 to a sheet, 4x, numbered, with no label or reader shown. The key (the
order shown) is written beside the sheets as order.csv. Needs Pillow (/usr/bin/python3 with python3-pil).

    round 1: --sets plain arithmetic --attributes Smiling Male --control-seed 7 --shuffle-seed 11
             (Male only counted as disputed on plain)
    round 2: --sets plain arithmetic hat-removal --attributes Eyeglasses Wearing_Hat Beard
             --control-seed 17 --shuffle-seed 19
"""
import argparse, csv, os, random
from PIL import Image, ImageDraw

p = argparse.ArgumentParser()
p.add_argument('--labels', default='src/test/resources/eye-labels')
p.add_argument('--reads', required=True, help='folder of SET-READER.csv from latentlab read')
p.add_argument('--sets', nargs='+', required=True)
p.add_argument('--attributes', nargs='+', required=True)
p.add_argument('--control-seed', type=int, required=True)
p.add_argument('--shuffle-seed', type=int, required=True)
p.add_argument('--out', required=True)
a = p.parse_args()
readers = ['classifier-faces', 'classifier-faces-b', 'classifier-faces-c']
items = []
for s in a.sets:
    lab = {r['file']: r for r in csv.DictReader(open(f'{a.labels}/{s}/labels.csv'))}
    rd = {r: {row['file'].split('/')[-1]: row for row in csv.DictReader(open(f'{a.reads}/{s}-{r}.csv'))} for r in readers}
    # round 1 counted Male as disputed on the plain set only
    attrs = [x for x in a.attributes if not (x == 'Male' and s != 'plain' and 'Smiling' in a.attributes)]
    disputed, callable_ = set(), set()
    for f, row in lab.items():
        for x in attrs:
            e = row[x]
            if e not in ('0', '1'):
                continue
            callable_.add(f)
            if sum(1 for r in readers if (float(rd[r][f][x]) > 0.5) != (e == '1')) >= 2:
                disputed.add(f)
    rng = random.Random(a.control_seed)
    ctrl = sorted(callable_ - disputed)
    rng.shuffle(ctrl)
    items += [(s, f) for f in sorted(disputed) + ctrl[:len(disputed)]]
random.Random(a.shuffle_seed).shuffle(items)
os.makedirs(a.out, exist_ok=True)
with open(f'{a.out}/order.csv', 'w') as fh:
    fh.write('shown,set,file\n')
    for i, (s, f) in enumerate(items):
        fh.write(f'{i},{s},{f}\n')
per = 10
for k in range(0, len(items), per):
    sheet = Image.new('RGB', (5 * 260, 2 * 276), 'white')
    d = ImageDraw.Draw(sheet)
    for i, (s, f) in enumerate(items[k:k + per]):
        im = Image.open(f'{a.labels}/{s}/{f}').convert('RGB').resize((256, 256), Image.NEAREST)
        x, y = (i % 5) * 260, (i // 5) * 276
        sheet.paste(im, (x, y + 18))
        d.text((x + 4, y + 2), str(k + i), fill='black')
    sheet.save(f'{a.out}/sheet{k // per}.png')
print(len(items), 'images,', (len(items) + per - 1) // per, 'sheets')
