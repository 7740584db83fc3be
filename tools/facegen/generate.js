#!/usr/bin/env node
// LatentLab face dataset generator.
//
// Draws cartoon faces with facesjs, forces the labelled features from a seeded
// PRNG, crops the SVG to the head, renders it with resvg at the target size and
// writes RGB PNGs plus a CelebA-style list_attr.txt.
//
// Usage: node tools/facegen/generate.js --count 20000 --seed 1 --out /path/to/folder

import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { parseArgs } from "node:util";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { createRequire } from "node:module";
import { generate, faceToSvgString } from "facesjs";

const require = createRequire(import.meta.url);
const { Resvg } = require("@resvg/resvg-js");

// ---------------------------------------------------------------------------
// Feature vocabularies (facesjs 5.0.3 ids, chosen by looking at every variant)
// ---------------------------------------------------------------------------

// Mouths that read as a clear smile, and mouths that are clearly not smiling.
// Left out on purpose (ambiguous): "side" (smirk), "smile2" (small open "o"
// with dimples), "mouth2", "mouth3" (upturned lip line), "mouth7", "mouth8"
// (toothy half-grins).
// The open smiles have a white fill; the two line-drawn smiles are only used
// where a black line shows (no beard round the mouth, not the darkest skins).
const SMILE_MOUTHS = ["smile", "smile3", "smile4", "smile-closed"];
const OPEN_SMILE_MOUTHS = ["smile", "smile3"];
const DARKEST_SKINS = ["#74453d", "#5c3937"];
const NEUTRAL_MOUTHS = ["straight", "closed", "mouth", "angry", "mouth4", "mouth5", "mouth6"];

// Real eyeglasses. Left out: "facemask" (sports visor).
const GLASSES = ["glasses1-primary", "glasses1-secondary", "glasses2-black", "glasses2-primary", "glasses2-secondary"];

// Hats. Other accessories ("headband", "headband-high", "eye-black") are never
// used, so Wearing_Hat = -1 means no accessory at all.
const HATS = ["hat", "hat2", "hat3", "santa-hat"];

// Facial hair that is clearly visible as a beard at 64x64 and stays inside the
// crop. Left out: moustache-only, sideburn-only, soul patches, thin goatees,
// and the long beards that hang far below the chin.
const BEARDS = [
  "beard1", "beard2", "beard4",
  "chin-strap", "chin-strapStache",
  "fullgoatee", "fullgoatee2", "fullgoatee3",
  "goatee1", "goatee1-stache", "goatee4", "goatee4-stache", "goatee5", "goatee6", "goatee12", "goatee19",
  "harley1", "harley1-sb-1", "harley1-sb-2", "harley2", "harley2-sb-1", "harley2-sb-2",
  "harly3", "harly3-sb-1", "harly3-sb-2",
  "honest-abe", "honest-abe-stache",
  "logan", "loganSoul", "loganGoatee2", "loganGoatee2Stache",
  "mutton", "muttonSoul", "muttonStache", "muttonStacheSoul",
  "muttonGoatee1", "muttonGoatee1Stache", "muttonGoatee2", "muttonGoatee2Stache",
  "muttonGoatee5", "muttonGoatee5Stache",
  "neckbeard", "neckbeard2", "neckbeard2SB1", "neckbeard2SB2", "neckbeardSB1", "neckbeardSB2",
  "wilt", "wilt-sideburns-long", "wilt-sideburns-short",
];

// Hair ids that facesjs still draws (turned into "short"/"short-fade", which
// show at the temples) under a hat; every other hair id is hidden by a hat
// (copied from facesjs 5.0.3 display.js drawFeature).
const HAIR_SHOWN_UNDER_HAT = [
  "afro", "afro2", "curly", "curly2", "curly3", "faux-hawk", "hair", "high", "juice", "messy-short", "messy",
  "middle-part", "parted", "shaggy1", "shaggy2", "short3", "spike", "spike2", "spike3", "spike4",
  "blowoutFade", "curlyFade1", "curlyFade2", "dreads", "fauxhawk-fade", "tall-fade",
];
// Faint gradient-only cuts, not used as a face's own hair.
const FAINT_HAIR = ["short-fade", "short-fade-2"];

// Hair colour classes (CelebA names) and the colours used for each.
const HAIR_COLOURS = {
  Black_Hair: ["#272421", "#1c1008", "#0f0902"],
  Brown_Hair: ["#5A3825", "#6b4226", "#7a4a2a"],
  Blond_Hair: ["#e9c67b", "#D7BF91", "#f0d58c"],
  Gray_Hair: ["#9e9e9e", "#b8b8b8", "#d2d2d2"],
};
const HAIR_CLASS_P = [["Black_Hair", 0.35], ["Brown_Hair", 0.25], ["Blond_Hair", 0.22], ["Gray_Hair", 0.18]];

// Plain light backgrounds and saturated "team" colours for hats and glasses.
const BACKGROUNDS = ["#e6edf5", "#f2ece0", "#e3efe5", "#eee3ec"];
const TEAM_COLOURS = ["#c0392b", "#1f3a93", "#117a3d", "#222222", "#d35400", "#6c3483", "#0e7c86", "#7a1319", "#b7950b", "#2e86c1"];

// Probabilities of the forced attributes.
const P = {
  male: 0.5,
  smiling: 0.5,
  eyeglasses: 0.3,
  hat: 0.3,
  beardGivenMale: 0.5,
  baldGivenMaleNoHat: 0.12,
  // Hard cases for colour-blind readers (--hard-colours): a hat drawn in a hair colour, or hair drawn
  // in a hat colour. 0 keeps the default output byte-identical.
  hardColours: 0,
};

export const ATTRIBUTES = [
  "Male", "Smiling", "Eyeglasses", "Wearing_Hat", "Beard", "Bald",
  "Black_Hair", "Brown_Hair", "Blond_Hair", "Gray_Hair",
];

// Square crop of facesjs's 400x600 canvas: top of hair/hats down to just below
// the chin (chins end at y<=507, beards used here at y<=524). The jersey is
// never drawn; what little shows below the chin is the neck.
const CROP = { x: -30, y: 58, size: 460 };

// ---------------------------------------------------------------------------

function mulberry32(a) {
  return function () {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Mix (seed, index, stream) into a 32-bit PRNG seed.
function mixSeed(seed, index, stream) {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35) ^ Math.imul(stream + 1, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

const pick = (rng, arr) => arr[Math.floor(rng() * arr.length)];

function pickWeighted(rng, pairs) {
  let r = rng();
  for (const [v, p] of pairs) {
    if ((r -= p) < 0) return v;
  }
  return pairs[pairs.length - 1][0];
}

/** Build one face (facesjs object), its label vector and background colour. */
export function makeFace(seed, index) {
  const rng = mulberry32(mixSeed(seed, index, 0));
  const male = rng() < P.male;
  const smiling = rng() < P.smiling;
  const eyeglasses = rng() < P.eyeglasses;
  const hat = rng() < P.hat;
  const beard = male && rng() < P.beardGivenMale;
  const bald = male && !hat && rng() < P.baldGivenMaleNoHat;
  const hairClass = pickWeighted(rng, HAIR_CLASS_P);
  const hairColour = pick(rng, HAIR_COLOURS[hairClass]);
  const background = pick(rng, BACKGROUNDS);
  const team = [pick(rng, TEAM_COLOURS), pick(rng, TEAM_COLOURS), pick(rng, TEAM_COLOURS)];
  // A third stream, used only for the hard cases, so that the default output does not change.
  let hatInHairColour = false;
  let hairInHatColour = null;
  if (P.hardColours > 0) {
    const hard = mulberry32(mixSeed(seed, index, 2));
    if (hard() < P.hardColours) {
      if (hat) {
        // every team colour a hair colour: a brown, black, blond or gray cap
        const c = pick(hard, HAIR_COLOURS[pick(hard, Object.keys(HAIR_COLOURS))]);
        team[0] = c;
        team[1] = c;
        team[2] = pick(hard, HAIR_COLOURS[pick(hard, Object.keys(HAIR_COLOURS))]);
        hatInHairColour = true;
      } else {
        hairInHatColour = pick(hard, TEAM_COLOURS.filter((c) => c !== "#222222"));
      }
    }
  }

  // facesjs draws every random choice from Math.random: give it its own
  // seeded stream for this face.
  const savedRandom = Math.random;
  Math.random = mulberry32(mixSeed(seed, index, 1));
  let face;
  try {
    face = generate(undefined, { gender: male ? "male" : "female" });
    // Re-draw a faint fade cut (not used as a face's own hair).
    let guard = 0;
    while (FAINT_HAIR.includes(face.hair.id) || (!bald && face.hair.id === "bald")) {
      face.hair.id = generate(undefined, { gender: male ? "male" : "female" }).hair.id;
      if (++guard > 100) throw new Error("could not draw a hair style");
    }
    if (bald) {
      face.hair.id = "bald";
      face.hairBg.id = "none";
    }
    face.hair.color = hairInHatColour ?? hairColour;
    face.teamColors = team;
    face.jersey.id = "none";
    const lineSmileVisible = !beard && !DARKEST_SKINS.includes(face.body.color);
    face.mouth.id = pick(rng, !smiling ? NEUTRAL_MOUTHS : lineSmileVisible ? SMILE_MOUTHS : OPEN_SMILE_MOUTHS);
    face.mouth.flip = false;
    face.glasses.id = eyeglasses ? pick(rng, GLASSES) : "none";
    face.accessories.id = hat ? pick(rng, HATS) : "none";
    face.facialHair.id = beard ? pick(rng, BEARDS) : "none";
    // facesjs shades some male jaws with "shave" stubble, which reads as a
    // beard shadow at 64x64: only bearded faces keep it.
    if (!beard) face.head.shave = "rgba(0,0,0,0)";
  } finally {
    Math.random = savedRandom;
  }

  // Is any scalp hair drawn? (for the hair colour classes). Evaluated before
  // rendering: facesjs rewrites face.hair.id under a hat while drawing.
  const hairDrawn = !bald && (!hat || HAIR_SHOWN_UNDER_HAT.includes(face.hair.id));
  const hairVisible = hairDrawn || face.hairBg.id !== "none";
  const attrs = {
    Male: male,
    Smiling: smiling,
    Eyeglasses: eyeglasses,
    Wearing_Hat: hat,
    Beard: beard,
    Bald: bald,
  };
  // hair in a hat colour belongs to no hair-colour class
  for (const cls of Object.keys(HAIR_COLOURS)) attrs[cls] = hairVisible && !hairInHatColour && hairClass === cls;
  return { face, attrs, background, hard: hatInHairColour || hairInHatColour !== null };
}

/** The face as an SVG string cropped to the head. */
export function faceSvg(face, background) {
  let svg = faceToSvgString(face);
  const { x, y, size } = CROP;
  svg = svg
    .replace('viewBox="0 0 400 600"', `viewBox="${x} ${y} ${size} ${size}"`)
    .replace('width="100%"', `width="${size}"`)
    .replace('height="100%"', `height="${size}"`)
    .replace('preserveAspectRatio="xMinYMin meet"', "");
  // Plain background rectangle as first child.
  const firstClose = svg.indexOf(">") + 1;
  return `${svg.slice(0, firstClose)}\n<rect x="${x}" y="${y}" width="${size}" height="${size}" fill="${background}"/>${svg.slice(firstClose)}`;
}

/** Render an SVG to a size x size RGBA pixel buffer. */
export function renderPixels(svg, size) {
  const r = new Resvg(svg, {
    fitTo: { mode: "width", value: size },
    shapeRendering: 2,
    font: { loadSystemFonts: false },
  });
  const img = r.render();
  if (img.width !== size || img.height !== size) throw new Error(`unexpected render size ${img.width}x${img.height}`);
  return img.pixels;
}

// --- minimal RGB PNG encoder (8-bit, no alpha) -----------------------------
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** Encode RGBA pixels (alpha composited over white, normally already opaque) as an RGB PNG. */
export function encodePngRgb(rgba, width, height) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let o = 0;
  for (let y = 0; y < height; y++) {
    raw[o++] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const a = rgba[i + 3] / 255;
      raw[o++] = Math.round(rgba[i] * a + 255 * (1 - a)); // resvg pixels are unpremultiplied
      raw[o++] = Math.round(rgba[i + 1] * a + 255 * (1 - a));
      raw[o++] = Math.round(rgba[i + 2] * a + 255 * (1 - a));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Compose an 8-column contact sheet of the given RGBA tiles (size x size each). */
export function contactSheet(tiles, size, cols = 8, gap = 2) {
  const rows = Math.ceil(tiles.length / cols);
  const W = cols * size + (cols + 1) * gap;
  const H = rows * size + (rows + 1) * gap;
  const out = Buffer.alloc(W * H * 4, 255);
  tiles.forEach((t, k) => {
    const ox = gap + (k % cols) * (size + gap);
    const oy = gap + Math.floor(k / cols) * (size + gap);
    for (let y = 0; y < size; y++) t.copy(out, ((oy + y) * W + ox) * 4, y * size * 4, (y + 1) * size * 4);
  });
  return encodePngRgb(out, W, H);
}

/**
 * Compose up to `cols` x rows tiles (size x size RGBA each) edge to edge, in reading order, as one
 * RGB PNG: the compact form of a face set (one PNG per face costs ~30% more, and thousands of files).
 */
export function tileSheet(tiles, size, cols) {
  const rows = Math.ceil(tiles.length / cols);
  const W = cols * size;
  const H = rows * size;
  const out = Buffer.alloc(W * H * 4, 255);
  tiles.forEach((t, k) => {
    const ox = (k % cols) * size;
    const oy = Math.floor(k / cols) * size;
    for (let y = 0; y < size; y++) t.copy(out, ((oy + y) * W + ox) * 4, y * size * 4, (y + 1) * size * 4);
  });
  return encodePngRgb(out, W, H);
}

/** Tiles per row of a --sheets sheet. */
const SHEET_COLUMNS = 40;

// ---------------------------------------------------------------------------

const HELP = `Usage: node tools/facegen/generate.js --count N --seed S --out DIR [options]

Writes N cartoon faces (facesjs) as SIZExSIZE RGB PNGs named 000001.png,
000002.png, ... into DIR, plus DIR/list_attr.txt in CelebA's
list_attr_celeba.txt format (count, attribute names, then
"filename v1 v2 ..." with 1 / -1 per image).

Attributes: ${ATTRIBUTES.join(" ")}

Options:
  --count N        number of faces (default 20000)
  --seed S         integer seed; the same seed gives the same images (default 1)
  --out DIR        output folder (created if missing; required)
  --size PX        image width and height in pixels (default 64)
  --contact FILE   also write an 8x8 contact sheet of the first 64 faces
  --sheets N       write the faces as PNG sheets of N faces each (faces-1.png, faces-2.png, ...;
                   ${SHEET_COLUMNS} a row, edge to edge, in order) plus sheets.json describing them,
                   instead of one PNG per face: the compact form of LatentLab's shipped reference
                   sets (assets/reference/NAME/); list_attr.txt still names face i 00000i.png
  --smiling P      share of smiling faces (default ${P.smiling})
  --eyeglasses P   share of faces with eyeglasses (default ${P.eyeglasses})
  --hat P          share of faces with a hat (default ${P.hat})
  --hard-colours P share of faces drawn as colour hard cases: a hat in a hair colour (brown,
                   black, blond, gray), or hair in a hat colour (no hair-colour label); for
                   training readers that must not read colour as shape (default 0)
  --quiet          no progress output
  -h, --help       show this help
`;

async function main() {
  const { values } = parseArgs({
    options: {
      count: { type: "string", default: "20000" },
      seed: { type: "string", default: "1" },
      out: { type: "string" },
      size: { type: "string", default: "64" },
      contact: { type: "string" },
      sheets: { type: "string" },
      smiling: { type: "string" },
      eyeglasses: { type: "string" },
      hat: { type: "string" },
      "hard-colours": { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const count = Number(values.count);
  const seed = Number(values.seed);
  const size = Number(values.size);
  if (!Number.isInteger(count) || count < 1) fail("--count must be a positive integer");
  if (!Number.isInteger(seed)) fail("--seed must be an integer");
  if (!Number.isInteger(size) || size < 8 || size > 1024) fail("--size must be an integer in 8..1024");
  if (!values.out) fail("--out is required (see --help)");
  const perSheet = values.sheets === undefined ? 0 : Number(values.sheets);
  if (values.sheets !== undefined && !(Number.isInteger(perSheet) && perSheet >= 1)) {
    fail(`--sheets must be a positive integer, got ${values.sheets}`);
  }
  for (const [opt, key] of [["smiling", "smiling"], ["eyeglasses", "eyeglasses"], ["hat", "hat"],
    ["hard-colours", "hardColours"]]) {
    if (values[opt] === undefined) continue;
    const p = Number(values[opt]);
    if (!(p >= 0 && p <= 1)) fail(`--${opt} must be a probability in [0, 1], got ${values[opt]}`);
    P[key] = p;
  }
  const out = path.resolve(values.out);
  fs.mkdirSync(out, { recursive: true });

  const width = Math.max(6, String(count).length);
  const lines = [String(count), ATTRIBUTES.join(" ")];
  const positives = Object.fromEntries(ATTRIBUTES.map((a) => [a, 0]));
  const tiles = [];
  const sheetTiles = [];
  const sheets = [];
  const flushSheet = () => {
    const file = `faces-${sheets.length + 1}.png`;
    fs.writeFileSync(path.join(out, file), tileSheet(sheetTiles, size, SHEET_COLUMNS));
    sheets.push(file);
    sheetTiles.length = 0;
  };
  const t0 = Date.now();
  let lastReport = 0;
  for (let i = 0; i < count; i++) {
    const { face, attrs, background } = makeFace(seed, i);
    const pixels = renderPixels(faceSvg(face, background), size);
    const name = `${String(i + 1).padStart(width, "0")}.png`;
    if (perSheet) {
      sheetTiles.push(Buffer.from(pixels));
      if (sheetTiles.length === perSheet || i === count - 1) flushSheet();
    } else {
      fs.writeFileSync(path.join(out, name), encodePngRgb(pixels, size, size));
    }
    lines.push(`${name} ${ATTRIBUTES.map((a) => (attrs[a] ? " 1" : "-1")).join(" ")}`);
    for (const a of ATTRIBUTES) if (attrs[a]) positives[a]++;
    if (values.contact && tiles.length < 64) tiles.push(Buffer.from(pixels));
    // resvg-js frees its native render buffers in N-API finalizers, which only
    // run when the event loop turns; without this RSS grows ~60 KB per face.
    if (i % 100 === 99) await yieldToEventLoop();
    const now = Date.now();
    if (!values.quiet && (now - lastReport > 2000 || i === count - 1)) {
      lastReport = now;
      const done = i + 1;
      const rate = done / ((now - t0) / 1000);
      const eta = (count - done) / rate;
      process.stdout.write(`\r${done}/${count} faces  ${rate.toFixed(0)}/s  eta ${eta.toFixed(0)}s   `);
    }
  }
  fs.writeFileSync(path.join(out, "list_attr.txt"), lines.join("\n") + "\n");
  if (perSheet) {
    const command = ["node", "tools/facegen/generate.js", ...process.argv.slice(2)].join(" ");
    const doc = { format: "latentlab-tile-sheets", version: 1, images: count, size, columns: SHEET_COLUMNS,
      perSheet, sheets, seed, command };
    fs.writeFileSync(path.join(out, "sheets.json"), JSON.stringify(doc, null, 2) + "\n");
  }
  if (values.contact) {
    fs.mkdirSync(path.dirname(path.resolve(values.contact)), { recursive: true });
    fs.writeFileSync(values.contact, contactSheet(tiles, size));
  }
  if (!values.quiet) {
    const secs = (Date.now() - t0) / 1000;
    process.stdout.write(`\nwrote ${count} faces and list_attr.txt to ${out} in ${secs.toFixed(1)}s\n`);
    process.stdout.write("positive rates:\n");
    for (const a of ATTRIBUTES) {
      process.stdout.write(`  ${a.padEnd(12)} ${((100 * positives[a]) / count).toFixed(1)}%\n`);
    }
    if (values.contact) process.stdout.write(`contact sheet: ${path.resolve(values.contact)}\n`);
  }
}

function fail(msg) {
  process.stderr.write(`error: ${msg}\n`);
  process.exit(2);
}

// Run only when executed directly (the module can also be imported).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((err) => {
    process.stderr.write(`${err.stack || err}\n`);
    process.exit(1);
  });
}
