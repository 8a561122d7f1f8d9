/** Label symbols (main/labels/symbols.ts): one geometry per content, drawn as one path. */
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { code128Geometry, qrEncoding, qrGeometry, symbolSvg } from '../../main/labels/symbols';

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
  it('is never version 1, is as small as error correction M allows, and has the strongest error correction that fits that size', () => {
    const levels = ['L', 'M', 'Q', 'H'] as const;
    for (const text of contents) {
      const { version, errorCorrection, mode } = qrEncoding(text);
      const segments = [{ data: text, mode }] as never;
      expect(version, text).toBe(Math.max(2, QRCode.create(segments, { errorCorrectionLevel: 'M' }).version));
      expect(levels.indexOf(errorCorrection), text).toBeGreaterThanOrEqual(levels.indexOf('M'));
      const stronger = levels[levels.indexOf(errorCorrection) + 1];
      if (stronger) expect(() => QRCode.create(segments, { errorCorrectionLevel: stronger, version }), text).toThrow();
    }
    // The ICCID alone and the number alone: version 2 at H, where M would have made a version 1.
    expect(qrEncoding(contents[0]!)).toMatchObject({ version: 2, errorCorrection: 'H', mode: 'numeric' });
    expect(qrEncoding(contents[1]!)).toMatchObject({ version: 2, errorCorrection: 'H', mode: 'alphanumeric' });
    expect(qrEncoding(contents[2]!).mode).toBe('byte');
  });

  it('is the version a printer makes when told the mode and the error correction (it picks the smallest that holds the text)', () => {
    // Short numbers a version 1 would hold at level H go in byte mode, where it would not.
    const short = ['+2991234', '+298123456', '890126000000000018', '8901260000000000189'];
    for (const text of [...contents, ...short]) {
      const { version, errorCorrection, mode } = qrEncoding(text);
      expect(QRCode.create([{ data: text, mode }] as never, { errorCorrectionLevel: errorCorrection }).version, text).toBe(version);
      expect(version, text).toBeGreaterThanOrEqual(2);
    }
    expect(qrEncoding('+2991234')).toMatchObject({ mode: 'byte', version: 2 });
    // Seven bytes or fewer fit a version 1 in every mode: the label still gets a version 2 (a printer would not).
    expect(qrEncoding('+4478').version).toBe(2);
  });

  it('covers exactly the dark modules qrcode makes, offset by the quiet zone', () => {
    const text = contents[2]!;
    const { segments, version, errorCorrection } = qrEncoding(text);
    const { size, data } = QRCode.create(segments, { errorCorrectionLevel: errorCorrection, version }).modules;
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
