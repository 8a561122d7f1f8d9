/** Label symbols (main/labels/symbols.ts): one geometry per content, drawn as one path. */
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { code128Geometry, qrGeometry, qrPieces, symbolSvg } from '../../main/labels/symbols';

const iccid = (i: number): string => `8901260${String(i * 7919).padStart(12, '0')}`;
const contents = Array.from({ length: 60 }, (_, i) => [
  iccid(i),
  `+1801555${String(1000 + i)}`,
  `${iccid(i)}|+1801555${String(1000 + i)}|NID-${i.toString(16).padStart(8, '0')}-ef65-46c9-8c66-96c98d42d9ca`,
  `${iccid(i)}|+1801555${String(1000 + i)}|`,
  `${iccid(i)}||`,
  `LPA:1$T-MOBILE.IDEMIA.IO$${(i * 104729).toString(16).toUpperCase().padStart(24, 'A')}`,
  `LPA:1$rsp.example.com$K2-${i}ABCDE-${i * 31}`,
]).flat();

describe('QR geometry', () => {
  it('cutting the text into digit runs gives the symbol version qrcode would choose itself, for every kind of label content', () => {
    for (const text of contents) {
      const own = QRCode.create(text, { errorCorrectionLevel: 'M' }).version;
      expect(QRCode.create(qrPieces(text) as never, { errorCorrectionLevel: 'M' }).version, text).toBe(own);
    }
  });

  it('covers exactly the dark modules qrcode makes, offset by the quiet zone', () => {
    const text = contents[2]!;
    const { size, data } = QRCode.create(qrPieces(text) as never, { errorCorrectionLevel: 'M' }).modules;
    const geometry = qrGeometry(text);
    expect(geometry.width).toBe(size + 8);
    const dark = new Set<string>();
    for (let i = 0; i < geometry.rects.length; i += 4) {
      for (let dx = 0; dx < geometry.rects[i + 2]!; dx++) dark.add(`${geometry.rects[i]! + dx - 4},${geometry.rects[i + 1]! - 4}`);
    }
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) expect(dark.has(`${x},${y}`), `${x},${y}`).toBe(data[y * size + x] === 1);
  });

  it('is drawn as one path on white, at the size asked for', () => {
    const svg = symbolSvg(code128Geometry('89012600000000000018'), 40, 8);
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg).toContain('width="40mm" height="8mm"');
    expect(svg).toContain('<rect width=');
  });
});
