/** The label sheet at true size (CSS millimetres), with the stock's outline. */
import type { LabelSheetView } from '../../../preload/contract';

export function SheetPreview({ sheet, page }: { sheet: LabelSheetView; page: number }) {
  const s = sheet.stock;
  const mm = (n: number): string => `${n}mm`;
  return (
    // Focusable: at true size a sheet is wider than a small screen, and the keyboard must be able to scroll it too.
    <div className="sheet-frame" role="img" tabIndex={0} aria-label={`Preview of page ${page + 1} of ${sheet.pages}, ${s.name}, at true size`}>
      <div className="sheet-page" style={{ width: mm(s.pageWidthMm), height: mm(s.pageHeightMm) }}>
        {sheet.practice && (
          // Drawn, not text: a deliberately faint mark that must not read as content.
          <svg className="sheet-watermark" aria-hidden="true" viewBox="0 0 200 100" preserveAspectRatio="xMidYMid meet">
            <text x="100" y="60" textAnchor="middle" fontSize="40" fontWeight="700" transform="rotate(-30 100 50)">
              PRACTICE
            </text>
          </svg>
        )}
        {sheet.labels
          .filter((l) => l.page === page)
          .map((l) => (
            <div key={l.iccid} className="sheet-label" style={{ left: mm(l.xMm), top: mm(l.yMm), width: mm(l.widthMm), height: mm(l.heightMm) }}>
              <img
                src={l.qrDataUrl}
                alt=""
                style={{ position: 'absolute', left: mm(l.qr.xMm), top: mm(l.qr.yMm), width: mm(l.qr.widthMm), height: mm(l.qr.heightMm) }}
              />
              <div className="sheet-text" style={{ left: mm(l.text.xMm), top: mm(l.text.yMm), width: mm(l.text.widthMm) }}>
                {l.lines.map((line, i) => (
                  <div key={i} className={`${line.bold ? 'b' : ''} ${line.mono ? 'mono' : ''}`} style={{ fontSize: mm(line.sizeMm) }}>
                    {line.text}
                  </div>
                ))}
              </div>
              {l.barcodeDataUrl && l.barcode && (
                <img
                  src={l.barcodeDataUrl}
                  alt=""
                  style={{
                    position: 'absolute',
                    left: mm(l.barcode.xMm),
                    top: mm(l.barcode.yMm),
                    width: mm(l.barcode.widthMm),
                    height: mm(l.barcode.heightMm),
                  }}
                />
              )}
            </div>
          ))}
      </div>
    </div>
  );
}
