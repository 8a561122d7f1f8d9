/**
 * Electron entry: the only code that needs the Electron binary. It wires the plain-Node
 * services to IPC, serves the renderer over app://, and builds the one secure window.
 */
import type { BatchSummary } from '../../preload/views';
import { taskbarProgress } from '../batch/taskbar-progress';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import ElectronStore from 'electron-store';
import pkg from '../../package.json' with { type: 'json' };
import { createDispatch } from '../bridge/dispatch';
import { createEventBus } from '../bridge/event-bus';
import { defaultDataRoot } from '../environment/paths';
import { KeytarCredentialStore } from '../credentials/keytar-store';
import { createFileLogger } from '../logging/logger';
import { createPracticeSimulator, practiceSimulatorFile } from '../environment/practice-simulator';
import { createServices } from '../services/create-services';
import { isInside, uniqueSavePath } from '../files/saved-files';
import { UserError } from '../errors/user-error';
import { openSettings, type ConfLike } from '../settings/store';
import { registerIpc } from './ipc';
import { electronLabelPrinter } from './printing';
import { APP_HOST, APP_SCHEME, createAppProtocolHandler } from './protocol-handler';
import { hardenContents, hardenSession, isAllowedExternalUrl } from './security';
import { secureWindowOptions } from './window-options';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

app.on('web-contents-created', (_event, contents) => {
  hardenContents(contents, (url) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
  });
});

let mainWindow: BrowserWindow | null = null;

// One SimFleet per user (docs/exactly-once.md, rule 9): a second start focuses the first.
const firstInstance = app.requestSingleInstanceLock();
if (!firstInstance) app.quit();
app.on('second-instance', () => {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
});

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(__dirname, '../renderer')));

  // The same folder the CLI uses, set explicitly (Electron's userData differs in development).
  const dataRoot = defaultDataRoot();
  app.setPath('userData', dataRoot);
  const settings = openSettings(dataRoot, ({ cwd, configName }) => new ElectronStore({ cwd, name: configName, configFileMode: 0o600 }) as unknown as ConfLike);
  const events = createEventBus();
  const logger = createFileLogger(dataRoot, (line) => console.log(line));
  const services = createServices({
    host: 'electron',
    version: pkg.version,
    dataRoot,
    settings,
    practice: createPracticeSimulator({ stateFile: practiceSimulatorFile(dataRoot) }),
    credentials: new KeytarCredentialStore(),
    events,
    logger,
    printer: electronLabelPrinter(() => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null)),
    files: {
      showInFolder: (path) => {
        // Only a file SimFleet saved in Downloads, never a path of the renderer's choosing.
        if (!isInside(app.getPath('downloads'), path)) throw new UserError('not_a_download', 'That file is not one SimFleet saved in your Downloads folder.');
        shell.showItemInFolder(path);
      },
    },
  });
  // Downloads go straight to the Downloads folder under a name that overwrites nothing, and the
  // screen is told where (docs/architecture.md, "Downloads").
  session.defaultSession.on('will-download', (_event, item) => {
    const fileName = item.getFilename();
    const path = uniqueSavePath(app.getPath('downloads'), fileName);
    item.setSavePath(path);
    item.once('done', (_done, state) => {
      if (state === 'completed') events.emit('downloadSaved', { fileName, path });
      else logger.log('warn', 'download.failed', { fileName, state });
    });
  });
  const dispatch = createDispatch(services.impl, (where, error) => {
    logger.log('error', 'dispatch.failure', { where, message: error instanceof Error ? error.message : String(error) });
  });

  const window: BrowserWindow = new BrowserWindow(
    secureWindowOptions({
      preloadPath: join(__dirname, '../preload/index.cjs'),
      isPackaged: app.isPackaged,
      iconPath: join(__dirname, '../../assets/icons/512x512.png'),
    }),
  );
  mainWindow = window;
  registerIpc(ipcMain, dispatch, events, (channel, payload) => {
    if (!window.isDestroyed()) window.webContents.send(channel, payload);
  });
  window.once('ready-to-show', () => window.show());
  // The taskbar entry shows the running batches' progress, red when one paused itself (taskbar-progress.ts).
  const latest = new Map<string, BatchSummary>();
  events.subscribe((name, payload) => {
    if (name !== 'batchProgress' || window.isDestroyed()) return;
    const summary = payload as BatchSummary;
    latest.set(summary.id, summary);
    const shown = taskbarProgress(latest.values());
    window.setProgressBar(shown ? shown.value : -1, shown ? { mode: shown.mode } : undefined);
  });
  // Closing while a batch runs asks first; the batch may finish in the background.
  let closeConfirmed = false;
  window.on('close', (event) => {
    const running = services.batches.running();
    if (closeConfirmed || running.length === 0) return;
    event.preventDefault();
    const choice = dialog.showMessageBoxSync(window, {
      type: 'warning',
      title: 'A batch is running',
      message:
        `${running.length === 1 ? `"${running[0]!.name}" is` : `${running.length} batches are`} ` +
        `still provisioning (${running.map((r) => `${r.done}/${r.total}`).join(', ')}).`,
      detail:
        'Finishing in the background keeps SimFleet running without a window until the batch is done. ' +
        'Pausing stops new requests now; requests in flight finish and are recorded, and you can resume later.',
      buttons: ['Keep the window open', 'Finish in the background', 'Pause and quit'],
      defaultId: 0,
      cancelId: 0,
    });
    if (choice === 1) {
      window.hide();
      const poll = setInterval(() => {
        if (services.batches.running().length === 0) {
          clearInterval(poll);
          closeConfirmed = true;
          window.close();
        }
      }, 2000);
    } else if (choice === 2) {
      void Promise.all(running.map((r) => services.batches.pause({ id: r.id }))).then(() => {
        closeConfirmed = true;
        window.close();
      });
    }
  });
  await window.loadURL(`${APP_SCHEME}://${APP_HOST}/index.html`);

  app.on('window-all-closed', () => {
    void services.close().then(() => app.quit());
  });
}

if (firstInstance)
  start().catch((error: unknown) => {
    dialog.showErrorBox('SimFleet could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
