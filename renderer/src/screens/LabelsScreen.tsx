/** Labels: choose a batch (or some of its rows), a stock and the QR content; preview at true size; print or export. */
import { useEffect, useId, useMemo, useState } from 'react';
import type { LabelStock } from '../../../preload/domain';
import type { BatchSummary, LabelRequest, LabelSheetView } from '../../../preload/views';
import { api } from '../api';
import { ScreenHeader } from '../components/ScreenHeader';
import { useApi } from '../hooks/useApi';
import { useDownloadNote } from '../hooks/useDownloadNote';
import { downloadBase64 } from '../import/file-bytes';
import { CustomStockCard } from '../labels/CustomStockCard';
import { SheetPreview } from '../labels/SheetPreview';
import { VerifyPanel } from '../labels/VerifyPanel';
import { DEFAULT_STOCK_ID } from '../../../preload/constants';

/** "2-10, 15" → [2..10, 15]; null when the text is not a list of lines. */
function parseLines(text: string): number[] | null {
  const out: number[] = [];
  for (const part of text.split(/[,\s]+/).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return null;
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from || to - from > 100_000) return null;
    for (let n = from; n <= to; n++) out.push(n);
  }
  return out;
}

/** How the batch list marks batches that are not simply finished. */
const BATCH_MARK: Partial<Record<BatchSummary['status'], string>> = {
  running: ' · running, still changing',
  paused: ' · paused',
  cancelled: ' · cancelled',
  interrupted: ' · interrupted',
};

type FileCall = () => Promise<{ ok: true; value: { fileName: string; base64: string; mime: string } } | { ok: false; error: { message: string } }>;

export function LabelsScreen({ initialBatch }: { initialBatch: string | null }) {
  const ids = { batch: useId(), stock: useId(), qr: useId(), dpi: useId(), printer: useId(), lines: useId(), skip: useId() };
  const settings = useApi(() => api.settings.get());
  const [stocksVersion, setStocksVersion] = useState(0);
  const stocks = useApi(() => api.labels.stocks(), [stocksVersion]);
  const batchesLoad = useApi(() => api.batches.list());
  const printers = useApi(() => api.labels.printers());
  const batches = useMemo<readonly BatchSummary[]>(
    () => (batchesLoad.state === 'ready' ? batchesLoad.value.filter((b) => (b.counts['provisioned'] ?? 0) > 0) : []),
    [batchesLoad],
  );

  const [batchId, setBatchId] = useState<string | null>(initialBatch);
  const [stockId, setStockId] = useState<string>(DEFAULT_STOCK_ID);
  const [qr, setQr] = useState<LabelRequest['qr']>('compact');
  const [barcode, setBarcode] = useState(true);
  const [dpi, setDpi] = useState(300);
  const [printer, setPrinter] = useState('PDF');
  const [skip, setSkip] = useState('0');
  const [lines, setLines] = useState('');
  const [sheet, setSheet] = useState<LabelSheetView | null>(null);
  const [page, setPage] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [calibration, setCalibration] = useState({ offsetXMm: '0', offsetYMm: '0', scale: '1' });

  useEffect(() => {
    if (settings.state !== 'ready') return;
    const l = settings.value.labels;
    setStockId(l.stockId);
    setQr(l.qr);
    setBarcode(l.barcode);
    setDpi(l.dpi);
  }, [settings]);

  // The latest finished batch by default: a running one is still changing, a cancelled one is rarely what is wanted.
  useEffect(() => {
    if (!batchId && batches[0]) setBatchId((batches.find((b) => b.status === 'finished') ?? batches[0]).id);
  }, [batches, batchId]);

  const [rowMap, setRowMap] = useState<Map<number, number>>(new Map());
  useEffect(() => {
    if (!batchId) return;
    void api.batches.get({ id: batchId }).then((r) => r.ok && setRowMap(new Map(r.value.rows.map((row) => [row.line, row.index]))));
  }, [batchId]);

  const indexes = useMemo(() => {
    if (lines.trim() === '') return { ok: true as const, value: undefined };
    const parsed = parseLines(lines);
    if (!parsed) return { ok: false as const, message: 'Write line numbers from the import, like 2-10, 15.' };
    const found = parsed.map((n) => rowMap.get(n)).filter((i): i is number => i !== undefined);
    if (found.length === 0) return { ok: false as const, message: 'None of those lines is in this batch.' };
    return { ok: true as const, value: found };
  }, [lines, rowMap]);

  const request = useMemo<LabelRequest | null>(() => {
    if (!batchId || !indexes.ok) return null;
    return {
      batchId,
      stockId,
      qr,
      barcode,
      dpi,
      printer,
      skip: Math.max(0, Math.min(200, Number(skip) || 0)),
      ...(indexes.value ? { indexes: indexes.value } : {}),
    };
  }, [batchId, stockId, qr, barcode, dpi, printer, skip, indexes]);

  useEffect(() => setPage(0), [request]);

  useEffect(() => {
    if (!request) return setSheet(null);
    let live = true;
    void api.labels.sheet({ ...request, page }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setSheet(r.value);
        setError(null);
        const c = r.value.calibration;
        setCalibration({ offsetXMm: String(c.offsetXMm), offsetYMm: String(c.offsetYMm), scale: String(c.scale) });
      } else {
        setSheet(null);
        setError(r.error.message);
      }
    });
    return () => {
      live = false;
    };
  }, [request, page]);

  // One export at a time: its button says it is working and the others wait, so nobody clicks twice.
  const [busy, setBusy] = useState<string | null>(null);
  const { note, downloaded } = useDownloadNote();
  const run = async (what: string, call: FileCall): Promise<void> => {
    setBusy(what);
    setStatus(`${what}: preparing the file…`);
    try {
      const r = await call();
      if (r.ok) {
        downloadBase64(r.value.fileName, r.value.base64, r.value.mime);
        downloaded(r.value.fileName);
        setStatus(null);
        setError(null);
      } else {
        setStatus(null);
        setError(r.error.message);
      }
    } finally {
      setBusy(null);
    }
  };
  const fileButton = (what: string, label: string, call: FileCall | null) => (
    <button type="button" className="button" disabled={call === null || busy !== null} aria-busy={busy === what} onClick={() => call && void run(what, call)}>
      {busy === what ? `${label}…` : label}
    </button>
  );
  /** Print… (the system dialog) or, silently, straight to the chosen printer. */
  const printButton = (silent: boolean) => (
    <button
      type="button"
      className={silent ? 'button' : 'button button-primary'}
      disabled={!request}
      onClick={() =>
        request &&
        void api.labels
          .print({ ...request, silent })
          .then((r) =>
            r.ok
              ? setStatus(silent ? `Printed ${r.value.labels} labels on ${printer}.` : `Sent ${r.value.labels} labels to the printer.`)
              : setError(r.error.message),
          )
      }
    >
      {silent ? `Print now on ${printer}` : 'Print…'}
    </button>
  );
  const mapping = (format: 'csv' | 'xlsx'): FileCall | null =>
    batchId ? () => api.exports.mapping({ batchId, format, ...(indexes.ok && indexes.value ? { indexes: indexes.value } : {}) }) : null;

  const stockList: readonly LabelStock[] = stocks.state === 'ready' ? stocks.value : [];
  return (
    <>
      <ScreenHeader title="Labels and exports">Print a QR label per SIM and hand the customer the mapping file.</ScreenHeader>
      {batches.length === 0 && batchesLoad.state === 'ready' && (
        <p className="card">No batch has provisioned numbers yet. Labels become available once a batch has provisioned SIMs.</p>
      )}
      {batches.length > 0 && (
        <div className="labels-layout">
          <section className="card" aria-labelledby="labels-what">
            <h2 id="labels-what">What to print</h2>
            <div className="form-grid">
              <div className="field">
                <label htmlFor={ids.batch}>Batch</label>
                <select id={ids.batch} value={batchId ?? ''} onChange={(e) => setBatchId(e.target.value)}>
                  {batches.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.name} ({(b.counts['provisioned'] ?? 0).toLocaleString()} provisioned){BATCH_MARK[b.status] ?? ''}
                    </option>
                  ))}
                </select>
              </div>
              <div className={`field${indexes.ok ? '' : ' field-invalid'}`}>
                <label htmlFor={ids.lines}>
                  Reprint only lines <span className="optional">(optional)</span>
                </label>
                <input
                  id={ids.lines}
                  value={lines}
                  placeholder="all provisioned rows"
                  onChange={(e) => setLines(e.target.value)}
                  aria-invalid={indexes.ok ? undefined : true}
                />
                {!indexes.ok && <p className="field-error">{indexes.message}</p>}
              </div>
              <div className="field field-wide">
                <label htmlFor={ids.stock}>Label stock</label>
                <select id={ids.stock} value={stockId} onChange={(e) => setStockId(e.target.value)}>
                  {stockList.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={ids.qr}>QR code contains</label>
                <select id={ids.qr} value={qr} onChange={(e) => setQr(e.target.value as LabelRequest['qr'])}>
                  <option value="compact">ICCID | number | NID</option>
                  <option value="iccid">ICCID</option>
                  <option value="number">Phone number (E.164)</option>
                  <option value="lpa">eSIM activation code (LPA)</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor={ids.printer}>Printer</label>
                <select id={ids.printer} value={printer} onChange={(e) => setPrinter(e.target.value)}>
                  <option value="PDF">PDF / system dialog</option>
                  {printers.state === 'ready' &&
                    printers.value.map((p) => (
                      <option key={p.name} value={p.name}>
                        {p.name}
                        {p.isDefault ? ' (default)' : ''}
                      </option>
                    ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={ids.dpi}>Printer resolution</label>
                <select id={ids.dpi} value={dpi} onChange={(e) => setDpi(Number(e.target.value))}>
                  <option value={203}>203 dpi (thermal)</option>
                  <option value={300}>300 dpi</option>
                  <option value={600}>600 dpi (laser)</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor={ids.skip}>Used labels on the first sheet</label>
                <input id={ids.skip} inputMode="numeric" value={skip} onChange={(e) => setSkip(e.target.value)} />
              </div>
              <fieldset className="field switches">
                <legend>Extras</legend>
                <label>
                  <input type="checkbox" checked={barcode} onChange={(e) => setBarcode(e.target.checked)} /> Code 128 barcode of the ICCID
                </label>
              </fieldset>
            </div>
            {sheet && sheet.warnings.length > 0 && (
              <ul className="notice" role="alert">
                {sheet.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}
            {error && (
              <p role="alert" className="error-box">
                {error}
              </p>
            )}
            {status && <p role="status">{status}</p>}
            {note}
            <div className="action-groups">
              <div role="group" aria-labelledby="labels-print">
                <h3 id="labels-print">Print</h3>
                <div className="actions">
                  {printButton(false)}
                  {printer !== 'PDF' && printButton(true)}
                </div>
              </div>
              <div role="group" aria-labelledby="labels-files">
                <h3 id="labels-files">Label files</h3>
                <div className="actions">
                  {fileButton('PDF export', 'Export PDF', request && (() => api.labels.pdf(request)))}
                  {fileButton(
                    'ZPL export',
                    `ZPL for Zebra (${dpi === 203 ? 203 : 300} dpi)`,
                    request && (() => api.labels.zpl({ ...request, dpi: dpi === 203 ? 203 : 300 })),
                  )}
                  {fileButton('PNG export', 'QR images (PNG ZIP)', request && (() => api.labels.images({ ...request, format: 'png' })))}
                  {fileButton('SVG export', 'QR images (SVG ZIP)', request && (() => api.labels.images({ ...request, format: 'svg' })))}
                </div>
              </div>
              <div role="group" aria-labelledby="labels-mapping">
                <h3 id="labels-mapping">Mapping for the customer</h3>
                <div className="actions">
                  {fileButton('Excel mapping', 'Mapping (Excel)', mapping('xlsx'))}
                  {fileButton('CSV mapping', 'Mapping (CSV)', mapping('csv'))}
                </div>
              </div>
              <div role="group" aria-labelledby="labels-defaults">
                <h3 id="labels-defaults">Defaults</h3>
                <div className="actions">
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      void api.labels
                        .saveDefaults({ stockId, qr, barcode, dpi })
                        .then((r) => (r.ok ? setStatus('These label settings are now the defaults.') : setError(r.error.message)))
                    }
                  >
                    Save as defaults
                  </button>
                </div>
              </div>
            </div>
          </section>

          {sheet && (
            <section className="card preview-card" aria-labelledby="labels-preview">
              <div className="preview-head">
                <h2 id="labels-preview">
                  Preview: {sheet.total} label(s) on {sheet.pages} page(s)
                </h2>
                {sheet.pages > 1 && (
                  <div className="actions">
                    <button type="button" className="button" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
                      Previous page
                    </button>
                    <span>
                      Page {page + 1} of {sheet.pages}
                    </span>
                    <button type="button" className="button" disabled={page >= sheet.pages - 1} onClick={() => setPage((p) => p + 1)}>
                      Next page
                    </button>
                  </div>
                )}
              </div>
              <SheetPreview sheet={sheet} page={page} />
            </section>
          )}

          <section className="card" aria-labelledby="labels-calibration">
            <h2 id="labels-calibration">Calibration for {printer === 'PDF' ? 'PDF' : printer} on this stock</h2>
            <p className="field-hint">
              Print the calibration sheet at 100%, measure where the outlines land, and enter the correction. It applies to printing and PDF export.
            </p>
            <div className="form-grid">
              {(['offsetXMm', 'offsetYMm', 'scale'] as const).map((key) => (
                <div className="field" key={key}>
                  <label htmlFor={`cal-${key}`}>{key === 'offsetXMm' ? 'Move right (mm)' : key === 'offsetYMm' ? 'Move down (mm)' : 'Scale'}</label>
                  <input
                    id={`cal-${key}`}
                    inputMode="decimal"
                    value={calibration[key]}
                    onChange={(e) => setCalibration((c) => ({ ...c, [key]: e.target.value }))}
                  />
                </div>
              ))}
            </div>
            <div className="actions">
              <button
                type="button"
                className="button"
                onClick={() =>
                  void api.labels
                    .saveCalibration({
                      printer,
                      stockId,
                      calibration: { offsetXMm: Number(calibration.offsetXMm), offsetYMm: Number(calibration.offsetYMm), scale: Number(calibration.scale) },
                    })
                    .then((r) => {
                      if (!r.ok) return setError(r.error.message);
                      setStatus('Calibration saved.');
                      if (request) void api.labels.sheet({ ...request, page }).then((s) => s.ok && setSheet(s.value));
                    })
                }
              >
                Save calibration
              </button>
              {fileButton('Calibration sheet', 'Calibration sheet (PDF)', () => api.labels.calibrationSheet({ stockId }))}
            </div>
          </section>

          {batchId && <VerifyPanel batchId={batchId} />}
          <CustomStockCard
            onSaved={(_stocks, id) => {
              setStocksVersion((v) => v + 1);
              setStockId(id);
            }}
          />
        </div>
      )}
    </>
  );
}
