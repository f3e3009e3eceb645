import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PACKAGE_ROOT } from './build.ts';
import {
  decodePng,
  encodePng,
  halve,
  ICNS_TYPES,
  ICO_SIZES,
  IconError,
  makeIcons,
  type RgbaImage,
  sizesOf,
} from './icons.ts';

const ASSETS = join(PACKAGE_ROOT, 'assets');

function readIco(file: Buffer): { size: number; png: Buffer }[] {
  assert.equal(file.readUInt16LE(0), 0);
  assert.equal(file.readUInt16LE(2), 1, 'an icon, not a cursor');
  const count = file.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const entry = 6 + 16 * i;
    const length = file.readUInt32LE(entry + 8);
    const offset = file.readUInt32LE(entry + 12);
    assert.ok(offset + length <= file.length);
    return { size: file.readUInt8(entry) || 256, png: file.subarray(offset, offset + length) };
  });
}

function readIcns(file: Buffer): { type: string; png: Buffer }[] {
  assert.equal(file.toString('latin1', 0, 4), 'icns');
  assert.equal(file.readUInt32BE(4), file.length);
  const entries: { type: string; png: Buffer }[] = [];
  for (let offset = 8; offset < file.length;) {
    const length = file.readUInt32BE(offset + 4);
    entries.push({
      type: file.toString('latin1', offset, offset + 4),
      png: file.subarray(offset + 8, offset + length),
    });
    offset += length;
  }
  return entries;
}

describe('PNG', () => {
  it('reads the app icon: square and large enough for every platform', () => {
    const icon = decodePng(readFileSync(join(ASSETS, 'icon.png')));
    assert.equal(icon.width, 512);
    assert.equal(icon.height, 512);
    assert.equal(icon.rgba.length, 512 * 512 * 4);
  });

  it('writes what it reads back, pixel for pixel', () => {
    const icon = decodePng(readFileSync(join(ASSETS, 'icon.png')));
    const again = decodePng(encodePng(icon));
    assert.equal(again.width, icon.width);
    assert.deepEqual(again.rgba, icon.rgba);
  });

  it('refuses what it cannot read with a typed error', () => {
    const isUnsupported = (error: unknown) => error instanceof IconError && error.code === 'UNSUPPORTED_PNG';
    assert.throws(() => decodePng(Buffer.from('GIF89a')), isUnsupported);
    const png = encodePng({ width: 1, height: 1, rgba: new Uint8Array([1, 2, 3, 4]) });
    assert.throws(() => decodePng(png.subarray(0, 40)), isUnsupported);
    const sixteenBit = Buffer.from(png);
    sixteenBit[24] = 16; // IHDR bit depth
    assert.throws(() => decodePng(sixteenBit), isUnsupported);
  });
});

describe('halve', () => {
  it('averages 2×2 blocks weighting colors by alpha, so a transparent edge does not darken', () => {
    const image: RgbaImage = {
      width: 2,
      height: 2,
      rgba: new Uint8Array([255, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 255, 0, 0, 0, 0]),
    };
    assert.deepEqual([...halve(image).rgba], [255, 0, 0, 128]);
    assert.deepEqual([...halve({ width: 2, height: 2, rgba: new Uint8Array(16) }).rgba], [0, 0, 0, 0]);
    assert.throws(() => halve({ width: 3, height: 2, rgba: new Uint8Array(24) }), IconError);
    assert.throws(() => sizesOf({ width: 512, height: 512, rgba: new Uint8Array(512 * 512 * 4) }, [48]), IconError);
  });
});

describe('the .ico and .icns in assets/', () => {
  const { ico, icns } = makeIcons(readFileSync(join(ASSETS, 'icon.png')));

  it('hold a PNG of each size, decoding to the size they declare', () => {
    const icoEntries = readIco(ico);
    assert.deepEqual(
      icoEntries.map((entry) => entry.size),
      [...ICO_SIZES],
    );
    for (const { size, png } of icoEntries) assert.equal(decodePng(png).width, size);
    const icnsEntries = readIcns(icns);
    assert.deepEqual(
      icnsEntries.map((entry) => [entry.type, decodePng(entry.png).width]),
      ICNS_TYPES.map(([type, size]) => [type, size]),
    );
  });

  it('are the ones the script makes from icon.png today (run `node src-main/electron/icons.ts` after changing it)', () => {
    const pixels = (entries: { png: Buffer }[]) => entries.map(({ png }) => decodePng(png).rgba);
    assert.deepEqual(pixels(readIco(readFileSync(join(ASSETS, 'icon.ico')))), pixels(readIco(ico)));
    assert.deepEqual(pixels(readIcns(readFileSync(join(ASSETS, 'icon.icns')))), pixels(readIcns(icns)));
  });
});
