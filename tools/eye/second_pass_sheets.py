"""The sheets of the eye labels' blind second pass (src/test/resources/eye-labels/README.md).

Before: each shipped reader reads the plain and arithmetic sets,
    java -jar target/latentlab.jar read --images src/test/resources/eye-labels/SET --reader models/R --out /work/eye2/SET-R.csv
An image is disputed for an attribute when two or three readers disagree with its first-pass label.
As many undisputed images as disputed ones (seed 7) join them; the lot is shuffled (seed 11) and drawn
10 to a sheet, 4x, numbered, with no label or reader shown. The key (the order shown) is
second-pass-order.csv. Needs Pillow (/usr/bin/python3 with python3-pil).
"""
import csv, random, json
from PIL import Image, ImageDraw
base='src/test/resources/eye-labels'
def load_labels(s):
    return {r['file']: r for r in csv.DictReader(open(f'{base}/{s}/labels.csv'))}
def load_reader(s, r):
    out={}
    for row in csv.DictReader(open(f'/work/eye2/{s}-{r}.csv')):
        out[row['file'].split('/')[-1]]=row
    return out
readers=['classifier-faces','classifier-faces-b','classifier-faces-c']
items=[]
for s, attrs in [('plain',['Smiling','Male']),('arithmetic',['Smiling'])]:
    lab=load_labels(s); rd={r:load_reader(s,r) for r in readers}
    disputed=set(); callable_=set()
    for f,row in lab.items():
        for a in attrs:
            e=row[a]
            if e not in ('0','1'): continue
            callable_.add(f)
            wrong=sum(1 for r in readers if (float(rd[r][f][a])>0.5)!=(e=='1'))
            if wrong>=2: disputed.add(f)
    rng=random.Random(7)
    ctrl=sorted(callable_-disputed); rng.shuffle(ctrl); ctrl=ctrl[:len(disputed)]
    for f in sorted(disputed)+ctrl: items.append((s,f))
random.Random(11).shuffle(items)
json.dump(items, open('/work/eye2/.key.json','w'))
per=10
for k in range(0,len(items),per):
    chunk=items[k:k+per]
    sheet=Image.new("RGB",(5*260,2*276),"white"); d=ImageDraw.Draw(sheet)
    for i,(s,f) in enumerate(chunk):
        im=Image.open(f'{base}/{s}/{f}').convert('RGB').resize((256,256),Image.NEAREST)
        x=(i%5)*260; y=(i//5)*276
        sheet.paste(im,(x,y+18)); d.text((x+4,y+2),str(k+i),fill='black')
    sheet.save(f'/work/eye2/sheets/sheet{k//per}.png')
print(len(items),'items,',(len(items)+per-1)//per,'sheets')
