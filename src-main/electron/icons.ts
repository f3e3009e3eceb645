/**
 * Makes the Windows .ico and the macOS .icns from assets/icon.png (512×512 RGBA), with nothing
 * but node:zlib: both formats may hold PNG images, so each size is the source halved as often
 * as needed (a 2×2 box filter on premultiplied alpha, so edges do not darken) and stored as PNG.
 * electron-builder can convert a PNG itself; shipping the files keeps the build offline and the
 * result reviewable.
 *
 *   node src-main/electron/icons.ts [source.png] [outDir]   (default assets/icon.png, assets/)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { DagwalletError } from '../node/errors.ts';

export const IconErrorCode = {
  /** Not a PNG, or one this decoder does not read (it reads 8-bit RGB/RGBA, not interlaced). */
  UNSUPPORTED_PNG: 'UNSUPPORTED_PNG',
  /** The source is not a square whose side halves down to the sizes wanted. */
  BAD_SIZE: 'BAD_SIZE',
} as const;
export type IconErrorCode = (typeof IconErrorCode)[keyof typeof IconErrorCode];

export class IconError extends DagwalletError<IconErrorCode> {}

export interface RgbaImage {
  width: number;
  height: number;
  /** Row-major, 4 bytes per pixel, straight (not premultiplied) alpha. */
  rgba: Uint8Array;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function unsupported(message: string): never {
  throw new IconError('UNSUPPORTED_PNG', message);
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

export function decodePng(file: Uint8Array): RgbaImage {
  const png = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (png.length < 8 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) unsupported('not a PNG file');
  let offset = 8;
  let header: { width: number; height: number; channels: number } | undefined;
  const data: Buffer[] = [];
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (offset + 12 + length > png.length) unsupported(`the ${type} chunk runs past the end of the file`);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      const [bitDepth, colorType, , , interlace] = body.subarray(8, 13);
      if (bitDepth !== 8 || (colorType !== 6 && colorType !== 2) || interlace !== 0)
        unsupported('only 8-bit RGB or RGBA PNGs without interlacing are read');
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), channels: colorType === 6 ? 4 : 3 };
    } else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (!header || data.length === 0) unsupported('the PNG has no header or no image data');
  const { width, height, channels } = header;
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(data));
  if (raw.length !== height * (stride + 1)) unsupported('the PNG image data has the wrong length');
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const row = y * stride;
    const source = y * (stride + 1) + 1;
    for (let x = 0; x < stride; x++) {
      const byte = raw[source + x] as number;
      const left = x >= channels ? (pixels[row + x - channels] as number) : 0;
      const up = y > 0 ? (pixels[row - stride + x] as number) : 0;
      const upLeft = y > 0 && x >= channels ? (pixels[row - stride + x - channels] as number) : 0;
      let value: number;
      if (filter === 0) value = byte;
      else if (filter === 1) value = byte + left;
      else if (filter === 2) value = byte + up;
      else if (filter === 3) value = byte + ((left + up) >> 1);
      else if (filter === 4) value = byte + paeth(left, up, upLeft);
      else unsupported(`unknown PNG row filter ${filter}`);
      pixels[row + x] = value & 0xff;
    }
  }
  if (channels === 4) return { width, height, rgba: pixels };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < pixels.length; i += 3, j += 4) {
    rgba.set(pixels.subarray(i, i + 3), j);
    rgba[j + 3] = 255;
  }
  return { width, height, rgba };
}

function chunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  out.set(body, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

/** An 8-bit RGBA PNG (every row filtered with Paeth, which suits icons' smooth areas). */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, rgba } = image;
  const stride = width * 4;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 4;
    for (let x = 0; x < stride; x++) {
      const i = y * stride + x;
      const left = x >= 4 ? (rgba[i - 4] as number) : 0;
      const up = y > 0 ? (rgba[i - stride] as number) : 0;
      const upLeft = y > 0 && x >= 4 ? (rgba[i - stride - 4] as number) : 0;
      raw[y * (stride + 1) + 1 + x] = ((rgba[i] as number) - paeth(left, up, upLeft)) & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Half the size: each 2×2 block averaged with its colors weighted by their alpha. */
export function halve(image: RgbaImage): RgbaImage {
  if (image.width % 2 !== 0 || image.height % 2 !== 0) throw new IconError('BAD_SIZE', 'an odd side cannot be halved');
  const width = image.width / 2;
  const height = image.height / 2;
  const rgba = new Uint8Array(width * height * 4);
  const source = image.rgba;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let alpha = 0;
      const color = [0, 0, 0];
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const i = ((2 * y + dy) * image.width + 2 * x + dx) * 4;
        const a = source[i + 3] as number;
        alpha += a;
        for (let c = 0; c < 3; c++) color[c] = (color[c] as number) + (source[i + c] as number) * a;
      }
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) rgba[o + c] = alpha === 0 ? 0 : Math.round((color[c] as number) / alpha);
      rgba[o + 3] = Math.round(alpha / 4);
    }
  return { width, height, rgba };
}

/** The source at each of `sizes` (each a power-of-two fraction of the source's side). */
export function sizesOf(source: RgbaImage, sizes: readonly number[]): Map<number, RgbaImage> {
  if (source.width !== source.height) throw new IconError('BAD_SIZE', 'the icon must be square');
  const bySize = new Map<number, RgbaImage>();
  let image = source;
  while (true) {
    bySize.set(image.width, image);
    if (image.width <= Math.min(...sizes) || image.width % 2 !== 0) break;
    image = halve(image);
  }
  const wanted = new Map<number, RgbaImage>();
  for (const size of sizes) {
    const found = bySize.get(size);
    if (!found) throw new IconError('BAD_SIZE', `${size}px is not the ${source.width}px source halved`);
    wanted.set(size, found);
  }
  return wanted;
}

/** A Windows icon holding one PNG per size (Windows Vista and later read PNG entries). */
export function encodeIco(images: { size: number; png: Uint8Array }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map(({ png }) => png)]);
}

/** A macOS icon family of PNG entries ('ic07' 128 px ... 'ic14' 512 px for 256@2x). */
export function encodeIcns(entries: { type: string; png: Uint8Array }[]): Buffer {
  const parts = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

export const ICO_SIZES = [256, 128, 64, 32, 16] as const;
/** ICNS types and their pixel sizes: 1x and 2x (retina) entries. */
export const ICNS_TYPES = [
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
] as const;

export function makeIcons(sourcePng: Uint8Array): { ico: Buffer; icns: Buffer } {
  const source = decodePng(sourcePng);
  const sizes = sizesOf(source, [...new Set([...ICO_SIZES, ...ICNS_TYPES.map(([, size]) => size)])]);
  const pngs = new Map([...sizes].map(([size, image]) => [size, encodePng(image)]));
  const png = (size: number) => pngs.get(size) as Buffer;
  return {
    ico: encodeIco(ICO_SIZES.map((size) => ({ size, png: png(size) }))),
    icns: encodeIcns(ICNS_TYPES.map(([type, size]) => ({ type, png: png(size) }))),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const source = resolve(process.argv[2] ?? join(root, 'assets', 'icon.png'));
  const outDir = resolve(process.argv[3] ?? dirname(source));
  const { ico, icns } = makeIcons(readFileSync(source));
  writeFileSync(join(outDir, 'icon.ico'), ico);
  writeFileSync(join(outDir, 'icon.icns'), icns);
  process.stdout.write(
    `wrote ${join(outDir, 'icon.ico')} (${ico.length} bytes), ${join(outDir, 'icon.icns')} (${icns.length} bytes)\n`,
  );
}
