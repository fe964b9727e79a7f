/**
 * Synthesised portraits: an illustrated head-and-shoulders face drawn as SVG and rendered by sharp. Used for
 * the seeded "existing" photos and for the demo folder. Deterministic by seed; no downloaded images.
 */
import sharp from 'sharp';
import { createRng } from './random';

const SKIN = ['#f5d0b5', '#e8b894', '#d19a6c', '#a86b43', '#7a4a2a', '#5a3520', '#f1c6a8', '#c68860'];
const HAIR = ['#2b1d14', '#4a2f1b', '#8a5a2b', '#c9a15a', '#1b1b1b', '#6b6b6b', '#a33b20', '#d8d0c0'];
const SHIRT = ['#2f5597', '#3a7d44', '#8e3b46', '#5b4b8a', '#2d6e7e', '#444444', '#b5651d', '#1f3b5a'];
const BACKDROP = ['#dfe7ef', '#e9e4da', '#dde8dc', '#ece0e6', '#e1e1e6', '#d6e4ea'];
const IRIS = ['#3b2a1a', '#2f5d8a', '#3f6b3a', '#5a4632', '#1f1f1f'];

/** An SVG head-and-shoulders portrait, width x height, with the face centred in the upper half. */
export function portraitSvg(seed: string | number, width: number, height: number): string {
  const rng = createRng(`portrait:${seed}`);
  const skin = rng.pick(SKIN);
  const hair = rng.pick(HAIR);
  const shirt = rng.pick(SHIRT);
  const backdrop = rng.pick(BACKDROP);
  const iris = rng.pick(IRIS);
  const longHair = rng.chance(0.45);
  const glasses = rng.chance(0.25);
  const s = Math.min(width, height) / 100; // drawing units: the face is laid out on a 100-unit square
  const cx = width / 2;
  const cy = height * 0.42;
  const u = (n: number) => (n * s).toFixed(1);
  const x = (n: number) => (cx + n * s).toFixed(1);
  const y = (n: number) => (cy + n * s).toFixed(1);
  const smile = 2 + rng.int(5);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
  <defs><radialGradient id="bg" cx="50%" cy="35%" r="75%"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="${backdrop}"/></radialGradient></defs>
  <rect width="${width}" height="${height}" fill="url(#bg)"/>
  ${longHair ? `<path d="M${x(-27)} ${y(-8)} Q${x(-32)} ${y(38)} ${x(-20)} ${y(46)} L${x(20)} ${y(46)} Q${x(32)} ${y(38)} ${x(27)} ${y(-8)} Z" fill="${hair}"/>` : ''}
  <path d="M${x(-48)} ${(height + 2).toFixed(1)} Q${x(-46)} ${y(44)} ${x(0)} ${y(40)} Q${x(46)} ${y(44)} ${x(48)} ${(height + 2).toFixed(1)} Z" fill="${shirt}"/>
  <rect x="${x(-8)}" y="${y(18)}" width="${u(16)}" height="${u(24)}" rx="${u(4)}" fill="${skin}"/>
  <path d="M${x(-8)} ${y(40)} L${x(0)} ${y(50)} L${x(8)} ${y(40)} Z" fill="#f4f4f4"/>
  <ellipse cx="${x(-22)}" cy="${y(2)}" rx="${u(4)}" ry="${u(7)}" fill="${skin}"/>
  <ellipse cx="${x(22)}" cy="${y(2)}" rx="${u(4)}" ry="${u(7)}" fill="${skin}"/>
  <ellipse cx="${x(0)}" cy="${y(0)}" rx="${u(22)}" ry="${u(28)}" fill="${skin}"/>
  <path d="M${x(-23)} ${y(-4)} Q${x(-24)} ${y(-34)} ${x(0)} ${y(-32)} Q${x(24)} ${y(-34)} ${x(23)} ${y(-4)} Q${x(14)} ${y(-20)} ${x(-6)} ${y(-18)} Q${x(-18)} ${y(-16)} ${x(-23)} ${y(-4)} Z" fill="${hair}"/>
  <path d="M${x(-14)} ${y(-9)} Q${x(-9)} ${y(-12)} ${x(-4)} ${y(-9)}" stroke="${hair}" stroke-width="${u(1.6)}" fill="none" stroke-linecap="round"/>
  <path d="M${x(4)} ${y(-9)} Q${x(9)} ${y(-12)} ${x(14)} ${y(-9)}" stroke="${hair}" stroke-width="${u(1.6)}" fill="none" stroke-linecap="round"/>
  <ellipse cx="${x(-9)}" cy="${y(-3)}" rx="${u(4)}" ry="${u(2.6)}" fill="#ffffff"/>
  <ellipse cx="${x(9)}" cy="${y(-3)}" rx="${u(4)}" ry="${u(2.6)}" fill="#ffffff"/>
  <circle cx="${x(-9)}" cy="${y(-3)}" r="${u(1.9)}" fill="${iris}"/>
  <circle cx="${x(9)}" cy="${y(-3)}" r="${u(1.9)}" fill="${iris}"/>
  <circle cx="${x(-8.4)}" cy="${y(-3.6)}" r="${u(0.6)}" fill="#ffffff"/>
  <circle cx="${x(9.6)}" cy="${y(-3.6)}" r="${u(0.6)}" fill="#ffffff"/>
  ${glasses ? `<g stroke="#333" stroke-width="${u(0.9)}" fill="none"><circle cx="${x(-9)}" cy="${y(-3)}" r="${u(6)}"/><circle cx="${x(9)}" cy="${y(-3)}" r="${u(6)}"/><path d="M${x(-3)} ${y(-3)} L${x(3)} ${y(-3)}"/></g>` : ''}
  <path d="M${x(0)} ${y(-1)} Q${x(-3)} ${y(8)} ${x(0)} ${y(9)} Q${x(2)} ${y(9)} ${x(3)} ${y(8)}" stroke="#00000033" stroke-width="${u(1.2)}" fill="none" stroke-linecap="round"/>
  <path d="M${x(-8)} ${y(14)} Q${x(0)} ${y(14 + smile)} ${x(8)} ${y(14)}" stroke="#9a3b3b" stroke-width="${u(1.8)}" fill="none" stroke-linecap="round"/>
  <ellipse cx="${x(-14)}" cy="${y(8)}" rx="${u(3.5)}" ry="${u(2)}" fill="#ff7b7b" opacity="0.25"/>
  <ellipse cx="${x(14)}" cy="${y(8)}" rx="${u(3.5)}" ry="${u(2)}" fill="#ff7b7b" opacity="0.25"/>
</svg>`;
}

export interface PortraitOptions {
  width?: number;
  height?: number;
  format?: 'jpeg' | 'png';
}

/** Renders a portrait to JPEG (quality 88) or PNG bytes. */
export async function renderPortrait(seed: string | number, options: PortraitOptions = {}): Promise<Buffer> {
  const width = options.width ?? 648;
  const height = options.height ?? width;
  const image = sharp(Buffer.from(portraitSvg(seed, width, height)));
  return options.format === 'png'
    ? image.png().toBuffer()
    : image.jpeg({ quality: 88, mozjpeg: false }).toBuffer();
}
