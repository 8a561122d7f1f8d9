/** Import: load the ICCIDs of a shipment (file, paste or scanner) and check them before any money is spent. */
import { useCallback, useState } from 'react';
import type { ImportView } from '../../../preload/contract';
import { api } from '../api';
import { ScreenHeader } from '../components/ScreenHeader';
import { PreviewPanel } from '../import/PreviewPanel';
import { ScanPanel } from '../import/ScanPanel';
import { StartPanel } from '../import/StartPanel';

type Mode = { kind: 'start' } | { kind: 'scan'; session: ImportView } | { kind: 'preview'; view: ImportView };

export function ImportScreen({ onBatchStarted }: { onBatchStarted: (batchId: string) => void }) {
  const [mode, setMode] = useState<Mode>({ kind: 'start' });
  const [error, setError] = useState<string | null>(null);

  const startScan = useCallback(() => {
    void api.imports.startScan().then((result) => {
      if (result.ok) setMode({ kind: 'scan', session: result.value });
      else setError(result.error.message);
    });
  }, []);

  return (
    <>
      <ScreenHeader title="Import SIMs">Load the ICCIDs of a shipment, check them, then start a batch.</ScreenHeader>
      {error && (
        <p role="alert" className="error-box">
          {error}
        </p>
      )}
      {mode.kind === 'start' && <StartPanel onLoaded={(view) => setMode({ kind: 'preview', view })} onScan={startScan} />}
      {mode.kind === 'scan' && (
        <ScanPanel session={mode.session} onFinish={(view) => setMode({ kind: 'preview', view })} onCancel={() => setMode({ kind: 'start' })} />
      )}
      {mode.kind === 'preview' && (
        <PreviewPanel
          view={mode.view}
          onChange={(view) => setMode({ kind: 'preview', view })}
          onReset={() => setMode({ kind: 'start' })}
          onBatchStarted={onBatchStarted}
        />
      )}
    </>
  );
}
