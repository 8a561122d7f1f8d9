/** The ways in: open or drop a file, paste a list, or start scanner mode. */
import { useEffect, useId, useRef, useState } from 'react';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ICCIDS, type ImportView } from '../../../preload/views';
import { api } from '../api';
import { fileToBase64, formatBytes } from './file-bytes';
import { usePasteDraft } from '../stores/paste-draft';

export function StartPanel({
  onLoaded,
  onScan,
  openFile = false,
}: {
  onLoaded: (view: ImportView) => void;
  onScan: () => void;
  /** Alt+O was pressed in scan mode: the file picker opens as this panel appears. */
  openFile?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  const pasteId = useId();
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pasted, setPasted] = usePasteDraft();
  // A scan session kept (finished into a preview, or left with Alt+O) is offered by its size, not as a new one.
  const [savedScans, setSavedScans] = useState<number | null>(null);
  useEffect(() => {
    void api.imports.resumeScan().then((r) => setSavedScans(r.ok && r.value ? r.value.summary.rows : null));
  }, []);
  useEffect(() => {
    if (openFile) input.current?.click();
  }, [openFile]);

  const loadFile = async (file: File): Promise<void> => {
    setError(null);
    if (file.size > MAX_IMPORT_BYTES) {
      setError(
        `${file.name} is ${formatBytes(file.size)}; SimFleet imports lists up to ` +
          `${formatBytes(MAX_IMPORT_BYTES)} (${MAX_IMPORT_ICCIDS}). Split the file into smaller lists.`,
      );
      return;
    }
    setBusy(`Reading ${file.name} (${formatBytes(file.size)})…`);
    const result = await api.imports.fromFile({ name: file.name, base64: await fileToBase64(file) });
    setBusy(null);
    if (result.ok) onLoaded(result.value);
    else setError(result.error.message);
  };

  const loadPasted = async (): Promise<void> => {
    setError(null);
    setBusy('Checking the pasted list…');
    const result = await api.imports.fromText({ name: 'Pasted list', text: pasted });
    setBusy(null);
    if (result.ok) {
      setPasted('');
      onLoaded(result.value);
    } else setError(result.error.message);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      // By the key's place: on a Mac, Alt+O types "ø".
      if (event.code === 'KeyO') {
        event.preventDefault();
        input.current?.click();
      } else if (event.code === 'KeyS') {
        event.preventDefault();
        onScan();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onScan]);

  return (
    <div className="start-grid">
      <section
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        aria-label="Open or drop a file"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const file = e.dataTransfer.files[0];
          if (file) void loadFile(file);
        }}
      >
        <h2>Drop the ICCID list here</h2>
        <p>CSV, TSV, TXT or Excel (.xlsx), from the SIM vendor or the customer.</p>
        <button type="button" className="button button-primary" disabled={busy !== null} onClick={() => input.current?.click()} aria-keyshortcuts="Alt+O">
          Open file… <kbd>Alt+O</kbd>
        </button>
        <input
          ref={input}
          type="file"
          hidden
          accept=".csv,.tsv,.txt,.xlsx,text/csv,text/plain"
          aria-label="ICCID list file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void loadFile(file);
          }}
        />
      </section>
      <section className="card paste-card" aria-labelledby={`${pasteId}-h`}>
        <h2 id={`${pasteId}-h`}>Paste a list</h2>
        <label htmlFor={pasteId}>One ICCID per line (extra columns are fine)</label>
        <textarea id={pasteId} className="mono" rows={6} value={pasted} spellCheck={false} onChange={(e) => setPasted(e.target.value)} />
        <button type="button" className="button" disabled={busy !== null || pasted.trim() === ''} onClick={() => void loadPasted()}>
          Check pasted list
        </button>
      </section>
      <section className="card scan-card" aria-labelledby="scan-start-h">
        <h2 id="scan-start-h">Scan cards</h2>
        <p>Use a barcode scanner to add SIMs one by one, with a beep for every scan.</p>
        <button type="button" className="button" onClick={onScan} aria-keyshortcuts="Alt+S">
          {savedScans === null ? 'Start scan mode' : `Resume scan session (${savedScans.toLocaleString()} scanned)`} <kbd>Alt+S</kbd>
        </button>
      </section>
      {busy && (
        <p role="status" className="busy">
          {busy}
        </p>
      )}
      {error && (
        <p role="alert" className="error-box">
          {error}
        </p>
      )}
    </div>
  );
}
