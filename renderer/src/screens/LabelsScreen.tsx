/** Labels: choose a batch (or some of its rows), a stock and the QR content; preview at true size; print or export. */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { LabelStock } from '../../../preload/domain';
import type { BatchSummary, LabelRequest, Result } from '../../../preload/views';
import { parseLineRanges } from '../../../preload/line-ranges';
import { api } from '../api';
import { ScreenHeader } from '../components/ScreenHeader';
import { ActionButton } from '../components/ActionButton';
import { useAction } from '../hooks/useAction';
import { useApi } from '../hooks/useApi';
import { useLabelSheet } from '../hooks/useLabelSheet';
import { useDownloadNote } from '../hooks/useDownloadNote';
import { downloadBase64 } from '../import/file-bytes';
import { CustomStockCard } from '../labels/CustomStockCard';
import { SheetPreview } from '../labels/SheetPreview';
import { VerifyPanel } from '../labels/VerifyPanel';
import { useFreshBatches } from '../stores';
import { DEFAULT_STOCK_ID } from '../../../preload/constants';
import { DEFAULT_DPI, isZebraAddress, resolutionFor, zplRefusal, type PrinterDpi } from '../../../preload/printer-resolution';
import { DpiOptions, dpiOf } from '../labels/DpiOptions';

/** How the batch list marks batches that are not simply finished. */
const BATCH_MARK: Partial<Record<BatchSummary['status'], string>> = {
  running: ' · running, still changing',
  paused: ' · paused',
  cancelled: ' · cancelled',
  interrupted: ' · interrupted',
};

/** The choices of "What to print"; starts from the saved label defaults. */
interface LabelForm {
  readonly stockId: string;
  readonly qr: LabelRequest['qr'];
  readonly barcode: boolean;
  /** The resolution chosen here; a saved printer's own wins (see `resolution`). */
  readonly dpi: PrinterDpi;
  readonly printer: string;
  /** Used labels on the first sheet, as typed. */
  readonly skip: string;
  /** Import lines to reprint ("2-10, 15"), as typed; resolved in main. */
  readonly lines: string;
}

type FileResult = { fileName: string; base64: string; mime: string };

export function LabelsScreen({ initialBatch, initialLines = '' }: { initialBatch: string | null; initialLines?: string }) {
  const ids = {
    batch: useId(),
    stock: useId(),
    qr: useId(),
    dpi: useId(),
    dpiHint: useId(),
    printer: useId(),
    lines: useId(),
    skip: useId(),
    zplHint: useId(),
    sendHint: useId(),
  };
  const settings = useApi(() => api.settings.get());
  const [stocksVersion, setStocksVersion] = useState(0);
  const stocks = useApi(() => api.labels.stocks(), [stocksVersion]);
  // The batch list is live (the batch store): a running batch's count grows here as it runs.
  const allBatches = useFreshBatches();
  const printers = useApi(() => api.labels.printers());
  const batches = useMemo<readonly BatchSummary[]>(() => allBatches.filter((b) => (b.counts['provisioned'] ?? 0) > 0), [allBatches]);

  const [batchId, setBatchId] = useState<string | null>(initialBatch);
  const [form, setForm] = useState<LabelForm>({
    stockId: DEFAULT_STOCK_ID,
    qr: 'compact',
    barcode: true,
    dpi: DEFAULT_DPI,
    printer: 'PDF',
    skip: '0',
    lines: initialLines,
  });
  const set = <K extends keyof LabelForm>(key: K, value: LabelForm[K]): void => setForm((f) => ({ ...f, [key]: value }));
  const [page, setPage] = useState(0);
  const [calibration, setCalibration] = useState({ offsetXMm: '0', offsetYMm: '0', scale: '1' });
  const action = useAction();
  const { note, downloaded } = useDownloadNote(batchId);

  useEffect(() => {
    if (settings.state !== 'ready') return;
    const { stockId, qr, barcode, dpi } = settings.value.labels;
    setForm((f) => ({ ...f, stockId, qr, barcode, dpi }));
  }, [settings]);

  // The latest finished batch by default: a running one is still changing, a cancelled one is rarely what is wanted.
  useEffect(() => {
    if (!batchId && batches[0]) setBatchId((batches.find((b) => b.status === 'finished') ?? batches[0]).id);
  }, [batches, batchId]);

  const saved = settings.state === 'ready' ? settings.value.labels.printers : [];
  // A saved printer sets the resolution and locks it; main applies the same rule to every output.
  const resolution = resolutionFor(form.dpi, form.printer, saved);
  // Only the form of the lines is checked here; main resolves them against the batch.
  const lines = form.lines.trim() === '' ? null : parseLineRanges(form.lines);
  const request = useMemo<LabelRequest | null>(() => {
    if (!batchId || (lines !== null && !lines.ok)) return null;
    const { stockId, qr, barcode, printer } = form;
    const skip = Math.max(0, Math.min(200, Number(form.skip) || 0));
    return { batchId, stockId, qr, barcode, dpi: resolution.dpi, printer, skip, ...(lines ? { lines: form.lines } : {}) };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `lines` is derived from form.lines
  }, [batchId, form, resolution.dpi]);

  useEffect(() => setPage(0), [request]);
  const preview = useLabelSheet(request, page);
  // While the chosen batch runs, the preview follows it: laid out again when more SIMs are
  // provisioned (at most every 3 s, and once more when it ends), never while a file is made.
  const chosen = batches.find((b) => b.id === batchId) ?? null;
  const stillRunning = chosen?.status === 'running';
  const provisionedNow = chosen?.counts['provisioned'] ?? 0;
  const { reload } = preview;
  const shown = useRef({ count: provisionedNow, at: 0 });
  useEffect(() => {
    if (provisionedNow === shown.current.count || action.busy !== null) return;
    const wait = stillRunning ? Math.max(0, shown.current.at + 3000 - Date.now()) : 0;
    const timer = setTimeout(() => {
      shown.current = { count: provisionedNow, at: Date.now() };
      reload();
    }, wait);
    return () => clearTimeout(timer);
  }, [provisionedNow, stillRunning, reload, action.busy]);
  const { sheet } = preview;
  // The calibration fields follow the printer and stock chosen, not every new preview (an edit in progress stays).
  const calibrationOf = sheet ? `${request?.printer ?? ''}|${sheet.stock.id}` : null;
  useEffect(() => {
    if (!sheet) return;
    const c = sheet.calibration;
    setCalibration({ offsetXMm: String(c.offsetXMm), offsetYMm: String(c.offsetYMm), scale: String(c.scale) });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- seeded when the printer or stock changes
  }, [calibrationOf]);

  // A large PDF is written page by page in main: say how far it is.
  const exportingPdf = action.busy === 'PDF export';
  const { report } = action;
  useEffect(() => {
    if (!exportingPdf) return;
    return api.events.labelsProgress(({ done, total }) => report(`PDF export: page ${done} of ${total} written…`));
  }, [exportingPdf, report]);

  /** A button that makes a file and downloads it; one file at a time. */
  // The button being pressed stays enabled (marked busy, and pressing it again does nothing): a disabled
  // button loses the focus to the page, and the next Tab would start from the top (docs/batches.md, "Focus").
  const fileButton = (what: string, label: string, call: (() => Promise<Result<FileResult>>) | null, describedBy?: string) => (
    <button
      type="button"
      className="button"
      disabled={call === null || (action.busy !== null && action.busy !== what)}
      aria-disabled={action.busy === what ? true : undefined}
      aria-busy={action.busy === what}
      aria-describedby={describedBy}
      onClick={() =>
        call &&
        action.busy === null &&
        void action.run(what, call, (file) => {
          downloadBase64(file.fileName, file.base64, file.mime);
          downloaded(file.fileName);
          return null;
        })
      }
    >
      {action.busy === what ? `${label}…` : label}
    </button>
  );
  /** Print… (the system dialog) or, silently, straight to the chosen printer. */
  const printButton = (silent: boolean) => (
    <button
      type="button"
      className={silent ? 'button' : 'button button-primary'}
      disabled={!request || action.busy !== null}
      onClick={() =>
        request &&
        void action.run(
          'Printing',
          () => api.labels.print({ ...request, silent }),
          (r) => (silent ? `Printed ${r.labels} labels on ${form.printer}.` : `Sent ${r.labels} labels to the printer.`),
        )
      }
    >
      {silent ? `Print now on ${form.printer}` : 'Print…'}
    </button>
  );
  const direct = saved.find((p) => p.name === form.printer) ?? null;
  /** Straight to a saved printer; labels that may not have printed are filled in for a reprint. */
  const sendButton = (name: string, problem: string | null) => (
    <button
      type="button"
      className="button button-primary"
      disabled={!request || problem !== null || action.busy !== null}
      aria-describedby={problem ? ids.sendHint : undefined}
      aria-busy={action.busy === 'Sending'}
      onClick={() =>
        request &&
        void action
          .run(
            'Sending',
            () => api.labels.send(request),
            (r) => (r.problem === null ? r.message : null),
          )
          .then((r) => {
            if (!r || r.problem === null) return;
            // Some labels may not have printed: said as a problem, and their lines are ready to reprint.
            action.fail(r.message);
            if (r.notConfirmed !== '') set('lines', r.notConfirmed);
          })
      }
    >
      {action.busy === 'Sending' ? `Sending to ${name}…` : `Send to ${name}`}
    </button>
  );
  const mapping = (format: 'csv' | 'xlsx') =>
    batchId && (lines === null || lines.ok) ? () => api.exports.mapping({ batchId, format, ...(lines ? { lines: form.lines } : {}) }) : null;
  const { stockId, qr, barcode, printer } = form;
  const { dpi } = resolution;

  const stockList: readonly LabelStock[] = stocks.state === 'ready' ? stocks.value : [];
  const chosenStock = stockList.find((s) => s.id === stockId) ?? null;
  const zplProblem = chosenStock ? zplRefusal(chosenStock) : null;
  // A Zebra takes ZPL, so it shares ZPL's rule on stocks; a CUPS queue takes the PDF.
  const sendProblem = direct && isZebraAddress(direct.address) ? zplProblem : null;
  return (
    <>
      <ScreenHeader title="Labels and exports">Print a QR label per SIM and hand the customer the mapping file.</ScreenHeader>
      {batches.length === 0 && <p className="card">No batch has provisioned numbers yet. Labels become available once a batch has provisioned SIMs.</p>}
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
              {stillRunning && chosen && (
                <p className="notice field-wide" role="status">
                  “{chosen.name}” is still running: {(chosen.counts['provisioned'] ?? 0).toLocaleString()} of {chosen.total.toLocaleString()} provisioned so
                  far, and the preview follows it. Labels printed now cover only the SIMs provisioned so far.
                </p>
              )}
              <div className={`field${lines === null || lines.ok ? '' : ' field-invalid'}`}>
                <label htmlFor={ids.lines}>
                  Reprint only lines <span className="optional">(optional)</span>
                </label>
                <input
                  id={ids.lines}
                  value={form.lines}
                  placeholder="all provisioned rows"
                  onChange={(e) => set('lines', e.target.value)}
                  aria-invalid={lines === null || lines.ok ? undefined : true}
                />
                {lines !== null && !lines.ok && <p className="field-error">{lines.message}</p>}
              </div>
              <div className="field field-wide">
                <label htmlFor={ids.stock}>Label stock</label>
                <select id={ids.stock} value={stockId} onChange={(e) => set('stockId', e.target.value)}>
                  {stockList.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={ids.qr}>QR code contains</label>
                <select id={ids.qr} value={qr} onChange={(e) => set('qr', e.target.value as LabelRequest['qr'])}>
                  <option value="compact">ICCID | number | NID</option>
                  <option value="iccid">ICCID</option>
                  <option value="number">Phone number (E.164)</option>
                  <option value="lpa">eSIM activation code (LPA)</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor={ids.printer}>Printer</label>
                <select id={ids.printer} value={printer} onChange={(e) => set('printer', e.target.value)}>
                  <option value="PDF">PDF / system dialog</option>
                  {saved.length > 0 && (
                    <optgroup label="Direct (Zebra, CUPS)">
                      {saved.map((p) => (
                        <option key={`direct-${p.name}`} value={p.name}>
                          {p.name}
                        </option>
                      ))}
                    </optgroup>
                  )}
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
                <select
                  id={ids.dpi}
                  value={dpi}
                  disabled={resolution.setBy !== null}
                  aria-describedby={resolution.setBy !== null ? ids.dpiHint : undefined}
                  onChange={(e) => set('dpi', dpiOf(e.target.value))}
                >
                  <DpiOptions />
                </select>
                {resolution.setBy !== null && (
                  <p className="field-hint" id={ids.dpiHint}>
                    Set by the saved printer {resolution.setBy} (Settings → Printers).
                  </p>
                )}
              </div>
              <div className="field">
                <label htmlFor={ids.skip}>Used labels on the first sheet</label>
                <input id={ids.skip} inputMode="numeric" value={form.skip} onChange={(e) => set('skip', e.target.value)} />
              </div>
              <fieldset className="field switches">
                <legend>Extras</legend>
                <label>
                  <input type="checkbox" checked={barcode} onChange={(e) => set('barcode', e.target.checked)} /> Code 128 barcode of the ICCID
                </label>
              </fieldset>
            </div>
            {sheet && sheet.warnings.length > 0 && (
              <div className="notice" role="alert">
                <ul className="notice-list">
                  {sheet.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </div>
            )}
            {preview.error && (
              <p role="alert" className="error-box">
                {preview.error}
              </p>
            )}
            {action.feedback}
            {note}
            <div className="action-groups">
              <div role="group" aria-labelledby="labels-print">
                <h3 id="labels-print">Print</h3>
                <div className="actions">
                  {direct ? sendButton(direct.name, sendProblem) : printButton(false)}
                  {!direct && printer !== 'PDF' && printButton(true)}
                </div>
                {sendProblem && (
                  <p className="field-hint" id={ids.sendHint}>
                    {sendProblem}
                  </p>
                )}
              </div>
              <div role="group" aria-labelledby="labels-files">
                <h3 id="labels-files">Label files</h3>
                <div className="actions">
                  {fileButton('PDF export', 'Export PDF', request && (() => api.labels.pdf(request)))}
                  {fileButton(
                    'ZPL export',
                    `ZPL for Zebra (${dpi} dpi)`,
                    request && !zplProblem ? () => api.labels.zpl(request) : null,
                    zplProblem ? ids.zplHint : undefined,
                  )}
                  {fileButton('PNG export', 'QR images (PNG ZIP)', request && (() => api.labels.images({ ...request, format: 'png' })))}
                  {fileButton('SVG export', 'QR images (SVG ZIP)', request && (() => api.labels.images({ ...request, format: 'svg' })))}
                </div>
                {zplProblem && (
                  <p className="field-hint" id={ids.zplHint}>
                    {zplProblem}
                  </p>
                )}
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
                  <ActionButton
                    action={action}
                    what="Saving the defaults"
                    call={() => api.labels.saveDefaults({ stockId, qr, barcode, dpi: form.dpi })}
                    done={() => 'These label settings are now the defaults.'}
                  >
                    Save as defaults
                  </ActionButton>
                </div>
              </div>
            </div>
          </section>

          {sheet && (
            <section className="card preview-card" aria-labelledby="labels-preview">
              <div className="preview-head">
                <h2 id="labels-preview">
                  Preview: {sheet.total} label(s) on {sheet.pages} page(s), laid out for {sheet.dpi} dpi
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
              <ActionButton
                action={action}
                what="Saving the calibration"
                call={() =>
                  api.labels.saveCalibration({
                    printer,
                    stockId,
                    calibration: { offsetXMm: Number(calibration.offsetXMm), offsetYMm: Number(calibration.offsetYMm), scale: Number(calibration.scale) },
                  })
                }
                done={() => {
                  preview.reload();
                  return 'Calibration saved.';
                }}
              >
                Save calibration
              </ActionButton>
              {fileButton('Calibration sheet', 'Calibration sheet (PDF)', () => api.labels.calibrationSheet({ stockId }))}
            </div>
          </section>

          {batchId && <VerifyPanel batchId={batchId} />}
          <CustomStockCard
            onSaved={(_stocks, id) => {
              setStocksVersion((v) => v + 1);
              set('stockId', id);
            }}
          />
        </div>
      )}
    </>
  );
}
