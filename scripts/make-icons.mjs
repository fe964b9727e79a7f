// Draws the app icon (a portrait in a rounded square, Microsoft 365 blue) as SVG and renders it with sharp:
// assets/icon.png (1024, electron-builder derives .ico/.icns from it) and assets/icon-512.png.
// Usage: npm run icons. The PNGs are committed; re-run only when the design changes.
import sharp from 'sharp';
import { mkdir } from 'node:fs/promises';

const root = new URL('..', import.meta.url).pathname;

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#2b88d8"/>
      <stop offset="1" stop-color="#0f4c99"/>
    </linearGradient>
    <clipPath id="frame"><circle cx="512" cy="470" r="300"/></clipPath>
  </defs>
  <rect x="64" y="64" width="896" height="896" rx="200" fill="url(#bg)"/>
  <circle cx="512" cy="470" r="300" fill="#ffffff" opacity="0.18"/>
  <g clip-path="url(#frame)" fill="#ffffff">
    <circle cx="512" cy="405" r="120"/>
    <ellipse cx="512" cy="720" rx="230" ry="190"/>
  </g>
  <circle cx="512" cy="470" r="300" fill="none" stroke="#ffffff" stroke-width="28"/>
  <path d="M700 770 l70 70 l150 -170" fill="none" stroke="#6ee7a8" stroke-width="56" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;

await mkdir(`${root}assets`, { recursive: true });
const base = sharp(Buffer.from(svg)).png({ compressionLevel: 9, palette: true });
await base.clone().resize(1024, 1024).toFile(`${root}assets/icon.png`);
await base.clone().resize(512, 512).toFile(`${root}assets/icon-512.png`);
console.log('icons: wrote assets/icon.png (1024) and assets/icon-512.png');
