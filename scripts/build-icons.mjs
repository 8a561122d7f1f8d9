// Builds every icon size the platforms need from assets/icon.svg (docs/setup.md): PNGs
// for Linux and the window (assets/icons/NxN.png), icon.png (1024), icon.ico (Windows)
// and icon.icns (macOS). Rasterised with resvg; ICO and ICNS packed by png2icons.
// `node scripts/build-icons.mjs [OUT_DIR]` (default: assets).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

export const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

export function buildIcons(outDir) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const svg = readFileSync(join(root, 'assets', 'icon.svg'));
  mkdirSync(join(outDir, 'icons'), { recursive: true });
  const written = [];
  let largest = null;
  for (const size of SIZES) {
    const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
    const file = join(outDir, 'icons', `${size}x${size}.png`);
    writeFileSync(file, png);
    written.push(file);
    largest = png;
  }
  writeFileSync(join(outDir, 'icon.png'), largest);
  const ico = png2icons.createICO(largest, png2icons.BICUBIC, 0, false, true);
  const icns = png2icons.createICNS(largest, png2icons.BICUBIC, 0);
  if (!ico || !icns) throw new Error('png2icons could not build icon.ico / icon.icns');
  writeFileSync(join(outDir, 'icon.ico'), ico);
  writeFileSync(join(outDir, 'icon.icns'), icns);
  written.push(join(outDir, 'icon.png'), join(outDir, 'icon.ico'), join(outDir, 'icon.icns'));
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'assets');
  for (const file of buildIcons(out)) process.stdout.write(`${file}\n`);
}
