/**
 * Printing with Electron's own Chromium: the label HTML is loaded in
 * a hidden, sandboxed window with JavaScript off, then printed (system dialog or
 * silently to a chosen printer, the stock's page size, no margins). PDFs are written
 * directly (labels/pdf-document.ts).
 */
import { BrowserWindow, type WebContents } from 'electron';
import { UserError } from '../errors/user-error';
import type { LabelPrinter } from '../labels/labels-service';

async function withWindow<T>(html: string, use: (contents: WebContents) => Promise<T>): Promise<T> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webviewTag: false },
  });
  try {
    await window.loadURL(`data:text/html;base64,${Buffer.from(html).toString('base64')}`);
    return await use(window.webContents);
  } finally {
    window.destroy();
  }
}

export function electronLabelPrinter(mainContents: () => WebContents | null): LabelPrinter {
  return {
    async printers() {
      const contents = mainContents();
      if (!contents) return [];
      return (await contents.getPrintersAsync()).map((p) => ({ name: p.name, isDefault: Boolean((p as { isDefault?: boolean }).isDefault) }));
    },
    print: (html, page, options) =>
      withWindow(
        html,
        (contents) =>
          new Promise<void>((resolve, reject) => {
            contents.print(
              {
                silent: options.silent,
                ...(options.deviceName ? { deviceName: options.deviceName } : {}),
                printBackground: true,
                margins: { marginType: 'none' },
                // Electron takes the page size in microns.
                pageSize: { width: Math.round(page.widthMm * 1000), height: Math.round(page.heightMm * 1000) },
              },
              (ok, reason) => (ok ? resolve() : reject(new UserError('print_failed', `Printing did not complete: ${reason || 'cancelled'}.`))),
            );
          }),
      ),
  };
}
