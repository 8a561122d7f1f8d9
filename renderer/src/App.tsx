/** The shell: environment banner, navigation, the current screen, and the status bar. */
import { useCallback, useEffect, useState } from 'react';
import { runningProgress, type RunningProgress } from '../../preload/batch-progress';
import type { BatchSummary } from '../../preload/views';
import { api } from './api';
import { EnvironmentBanner } from './components/EnvironmentBanner';
import { NavBar } from './components/NavBar';
import { StatusBar } from './components/StatusBar';
import { BatchAlerts } from './components/BatchAlerts';
import { batchStore, useAppInfo, useBatchView, useEnvironment } from './stores';
import { SCREENS, type ScreenId } from './screens';
import { AccountScreen } from './screens/AccountScreen';
import { BatchesScreen } from './screens/BatchesScreen';
import { ImportScreen, type ImportMode } from './screens/ImportScreen';
import { LabelsScreen } from './screens/LabelsScreen';
import { SettingsScreen } from './screens/SettingsScreen';

/** When this window opened (ISO, as the batches' times are). */
const OPENED_AT = new Date().toISOString();

/** What the shell shows of the batches: it re-renders when this changes, not on every progress event. */
interface ShellBatches {
  readonly interrupted: readonly { readonly id: string; readonly name: string; readonly done: number; readonly total: number }[];
  readonly running: RunningProgress | null;
  /** A batch that paused itself while this window has been open: an old one paused last week says nothing of Telegent now. */
  readonly stuck: { readonly name: string; readonly message: string | null } | null;
}

function shellBatches(batches: readonly BatchSummary[]): ShellBatches {
  const stuck = batches.find((b) => b.selfPaused && b.updatedAt >= OPENED_AT);
  return {
    interrupted: batches.filter((b) => b.status === 'interrupted').map(({ id, name, done, total }) => ({ id, name, done, total })),
    running: runningProgress(batches),
    stuck: stuck ? { name: stuck.name, message: stuck.message } : null,
  };
}

/** Compares views by what is shown: the fraction moves on every SIM, the percent seldom. */
const shellKey = (view: ShellBatches): string => JSON.stringify({ ...view, running: view.running && { ...view.running, fraction: 0 } });

export function App() {
  const [screen, setScreen] = useState<ScreenId>('import');
  const [batchId, setBatchId] = useState<string | null>(null);
  /** Bumped when the operator takes the offer to audit the account: the Account screen starts one. */
  const [auditNow, setAuditNow] = useState(0);
  /** Lines the Labels screen opens with (a replacement card's new label), once. */
  const [labelLines, setLabelLines] = useState('');
  // The open import lives here, above the screens: switching screens never throws away a
  // preview (with the rows left out) or a scan session.
  const [importMode, setImportMode] = useState<ImportMode>({ kind: 'start' });
  const openBatch = useCallback((id: string) => {
    setBatchId(id);
    setImportMode({ kind: 'start' });
    setScreen('batches');
  }, []);

  // A scan session saved before a crash or restart comes back where it was.
  useEffect(() => {
    void api.imports.resumeScan().then((saved) => {
      if (saved.ok && saved.value) {
        const id = saved.value.id;
        setImportMode((mode) => (mode.kind === 'start' ? { kind: 'scan', id } : mode));
      }
    });
  }, []);
  const environment = useEnvironment();
  const info = useAppInfo();

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      // By the key's place, not its character: on a Mac, Alt+1 types "¡".
      const target = SCREENS.find((s) => event.code === `Digit${s.key}`);
      if (target) {
        event.preventDefault();
        setLabelLines('');
        setAuditNow(0);
        setScreen(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const status = environment.state === 'ready' ? environment.value : null;
  // The batches, live (the batch store): the resume offer goes as soon as a batch resumes.
  const { interrupted, running, stuck } = useBatchView(shellBatches, shellKey);

  // The window title (and the taskbar, which shows it) says how far the running batches are.
  const title = running ? `${running.percent}% · ${running.what} · SimFleet` : stuck ? `Paused · ${stuck.name} · SimFleet` : 'SimFleet';
  useEffect(() => {
    document.title = title;
  }, [title]);

  return (
    <div className={`shell ${status?.environment === 'production' ? 'env-production' : 'env-practice'}`}>
      <EnvironmentBanner status={status} error={environment.state === 'error' ? environment.error.message : null} />
      <BatchAlerts
        store={batchStore}
        onOpen={openBatch}
        onAudit={() => {
          setAuditNow((n) => n + 1);
          setScreen('account');
        }}
      />
      {interrupted.length > 0 && screen !== 'batches' && (
        <div className="resume-banner" role="alert">
          <span>
            {interrupted.length === 1
              ? `Batch "${interrupted[0]!.name}" stopped before it finished`
              : `${interrupted.length} batches stopped before they finished`}{' '}
            ({interrupted.map((b) => `${b.done}/${b.total}`).join(', ')} done).
          </span>
          <button type="button" className="button" onClick={() => openBatch(interrupted[0]!.id)}>
            Review and resume…
          </button>
        </div>
      )}
      <div className="shell-body">
        <NavBar
          current={screen}
          onSelect={(next) => {
            setLabelLines('');
            setAuditNow(0);
            setScreen(next);
          }}
          badges={{ batches: running ? `${running.percent}%` : stuck ? 'paused' : interrupted.length > 0 ? 'stopped' : null }}
        />
        <main className="screen" aria-labelledby="screen-title">
          {screen === 'import' && <ImportScreen mode={importMode} onMode={setImportMode} onBatchStarted={openBatch} />}
          {screen === 'batches' && <BatchesScreen selected={batchId} onSelect={setBatchId} onPrintLabels={() => setScreen('labels')} />}
          {screen === 'labels' && <LabelsScreen initialBatch={batchId} initialLines={labelLines} />}
          {screen === 'settings' && <SettingsScreen />}
          {screen === 'account' && (
            <AccountScreen
              auditNow={auditNow}
              onPrintLabel={(id, line) => {
                setBatchId(id);
                setLabelLines(String(line));
                setScreen('labels');
              }}
            />
          )}
        </main>
      </div>
      <StatusBar
        status={status}
        trouble={stuck ? `"${stuck.name}" paused: ${stuck.message}` : null}
        version={info.state === 'ready' ? info.value.version : null}
      />
    </div>
  );
}
