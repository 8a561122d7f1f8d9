/**
 * The label sheet as a self-contained HTML document at true size (mm units and an
 * @page rule), for Chromium's print-to-PDF and for printing. No external resources.
 */
import { LINE_HEIGHT, type LabelSheet } from './layout';
import { symbolSvg } from './symbols';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const mm = (n: number): string => `${Math.round(n * 1000) / 1000}mm`;

export function sheetHtml(sheet: LabelSheet, options: { outlines?: boolean } = {}): string {
  const pages: string[] = [];
  for (let p = 0; p < sheet.pages; p++) {
    const labels = sheet.labels
      .filter((l) => l.page === p)
      .map((l) => {
        const lines = l.lines
          .map((line) => `<div class="line${line.bold ? ' b' : ''}${line.mono ? ' m' : ''}" style="font-size:${mm(line.sizeMm)}">${escape(line.text)}</div>`)
          .join('');
        const barcode = l.barcodeSymbol && l.barcode ? symbolSvg(l.barcodeSymbol, l.barcode.widthMm, l.barcode.heightMm) : null;
        return (
          `<div class="label" data-iccid="${escape(l.iccid)}" style="left:${mm(l.xMm)};top:${mm(l.yMm)};width:${mm(l.widthMm)};height:${mm(l.heightMm)}">` +
          `<div class="qr" style="left:${mm(l.qr.xMm)};top:${mm(l.qr.yMm)}">${symbolSvg(l.qrSymbol, l.qr.widthMm, l.qr.heightMm)}</div>` +
          `<div class="text" style="left:${mm(l.text.xMm)};top:${mm(l.text.yMm)};width:${mm(l.text.widthMm)}">${lines}</div>` +
          (barcode && l.barcode ? `<div class="bc" style="left:${mm(l.barcode.xMm)};top:${mm(l.barcode.yMm)}">${barcode}</div>` : '') +
          `</div>`
        );
      });
    pages.push(`<section class="page">${sheet.practice ? '<div class="wm">PRACTICE</div>' : ''}${labels.join('')}</section>`);
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>SimFleet labels</title><style>
@page { size: ${mm(sheet.pageWidthMm)} ${mm(sheet.pageHeightMm)}; margin: 0; }
html, body { margin: 0; padding: 0; background: #fff; }
.page { position: relative; width: ${mm(sheet.pageWidthMm)}; height: ${mm(sheet.pageHeightMm)}; overflow: hidden; page-break-after: always; break-after: page; }
.page:last-child { page-break-after: auto; break-after: auto; }
.label { position: absolute; box-sizing: border-box; overflow: hidden; ${options.outlines ? 'outline: 0.2mm dashed #999;' : ''} }
.qr, .text, .bc { position: absolute; }
.qr svg, .bc svg { display: block; }
.text { font-family: 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif; color: #000; line-height: ${LINE_HEIGHT}; }
.line { white-space: nowrap; overflow: hidden; text-overflow: clip; }
.b { font-weight: 700; }
.m { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; }
.wm { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
  font: 700 28mm 'DejaVu Sans', Arial, sans-serif; color: rgba(200, 150, 0, 0.13); transform: rotate(-30deg); pointer-events: none; }
</style></head><body>${pages.join('')}</body></html>`;
}
