/**
 * The label sheet in CSS millimetres, with the stock's outline: scaled down to show every
 * column when the screen is narrower than the sheet, or at true size on request (to hold
 * a printed sheet against the screen).
 */
import { useEffect, useRef, useState } from 'react';
import type { LabelSheetView } from '../../../preload/views';

const PX_PER_MM = 96 / 25.4;

export function SheetPreview({ sheet, page }: { sheet: LabelSheetView; page: number }) {
  const s = sheet.stock;
  const mm = (n: number): string => `${n}mm`;
  const frame = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number | null>(null);
  const [trueSize, setTrueSize] = useState(false);
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  // 24 px: the frame's padding on both sides.
  const fit = width === null ? 1 : Math.min(1, (width - 24) / (s.pageWidthMm * PX_PER_MM));
  const scale = trueSize ? 1 : fit;
  const size = scale === 1 ? 'at true size' : `at ${Math.round(scale * 100)} % of true size`;
  return (
    <>
      {fit < 1 && (
        <p className="field-hint sheet-scale">
          {trueSize ? 'True size: scroll sideways for the other columns.' : `Scaled to ${Math.round(fit * 100)} % to show every column.`}{' '}
          <button type="button" className="button button-small" onClick={() => setTrueSize((t) => !t)}>
            {trueSize ? 'Fit to width' : 'Show true size'}
          </button>
        </p>
      )}
      {/* Focusable: at true size a sheet can be wider than the screen, and the keyboard must be able to scroll it too. */}
      <div ref={frame} className="sheet-frame" role="img" tabIndex={0} aria-label={`Preview of page ${page + 1} of ${sheet.pages}, ${s.name}, ${size}`}>
        <div className="sheet-page" style={{ width: mm(s.pageWidthMm), height: mm(s.pageHeightMm), zoom: scale }}>
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
    </>
  );
}
