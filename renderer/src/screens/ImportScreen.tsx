/**
 * Import: load the ICCIDs of a shipment (file, paste or scanner) and check them before any
 * money is spent. What is open (a preview, a scan session) is kept by the app, not by this
 * screen, so switching screens loses nothing; the import itself lives in main.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ImportView } from '../../../preload/views';
import { api } from '../api';
import { ScreenHeader } from '../components/ScreenHeader';
import { PreviewPanel } from '../import/PreviewPanel';
import { ScanPanel } from '../import/ScanPanel';
import { StartPanel } from '../import/StartPanel';

/** What the Import screen shows: ids only, so the app can hold it across screens. */
export type ImportMode = { readonly kind: 'start' } | { readonly kind: 'scan'; readonly id: string } | { readonly kind: 'preview'; readonly id: string };

export function ImportScreen({
  mode,
  onMode,
  onBatchStarted,
}: {
  mode: ImportMode;
  onMode: (mode: ImportMode) => void;
  onBatchStarted: (batchId: string) => void;
}) {
  const [view, setView] = useState<ImportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Alt+O in scan mode: back to the start, where the file picker opens at once.
  const [openFile, setOpenFile] = useState(false);
  const wanted = mode.kind === 'start' ? null : mode.id;

  // Back on this screen: the open import is read again from main.
  useEffect(() => {
    if (wanted === null || view?.id === wanted) return;
    let live = true;
    void api.imports.get({ id: wanted }).then((result) => {
      if (!live) return;
      if (result.ok) setView(result.value);
      else {
        setError(result.error.message);
        onMode({ kind: 'start' });
      }
    });
    return () => {
      live = false;
    };
  }, [wanted, view?.id, onMode]);

  const show = (next: ImportView, kind: 'scan' | 'preview'): void => {
    setOpenFile(false);
    setView(next);
    setError(null);
    onMode({ kind, id: next.id });
  };

  const startScan = useCallback(() => {
    // A saved session (scans are physical work) is resumed, never replaced.
    void api.imports.resumeScan().then(async (saved) => {
      const result = saved.ok && saved.value ? { ok: true as const, value: saved.value } : await api.imports.startScan();
      if (result.ok) show(result.value, 'scan');
      else setError(result.error.message);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- show only closes over setters
  }, []);

  const current = view && view.id === wanted ? view : null;
  return (
    <>
      <ScreenHeader title="Import SIMs">Load the ICCIDs of a shipment, check them, then start a batch.</ScreenHeader>
      {error && (
        <p role="alert" className="error-box">
          {error}
        </p>
      )}
      {mode.kind === 'start' && <StartPanel onLoaded={(loaded) => show(loaded, 'preview')} onScan={startScan} openFile={openFile} />}
      {mode.kind === 'scan' && current && (
        <ScanPanel
          session={current}
          onFinish={(finished) => show(finished, 'preview')}
          onCancel={() => {
            setView(null);
            onMode({ kind: 'start' });
          }}
          onOpenFile={() => {
            setOpenFile(true);
            setView(null);
            onMode({ kind: 'start' });
          }}
        />
      )}
      {mode.kind === 'preview' && current && (
        <PreviewPanel
          view={current}
          onChange={(changed) => show(changed, 'preview')}
          onReset={() => onMode({ kind: 'start' })}
          onBatchStarted={onBatchStarted}
        />
      )}
    </>
  );
}
