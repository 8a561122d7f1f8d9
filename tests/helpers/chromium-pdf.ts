/**
 * HTML to PDF through Chromium's print-to-PDF (a Chromium installed on the machine,
 * through playwright-core). The app writes its PDFs directly (main/labels/pdf-document.ts);
 * this checks the label HTML the print dialog gets, and is the benchmark's yardstick.
 */
import { existsSync } from 'node:fs';
import { UserError } from '../../main/errors/user-error';

export interface PdfRenderer {
  render(html: string, page: { widthMm: number; heightMm: number }): Promise<Buffer>;
  close(): Promise<void>;
}

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** The Chromium to use: CHROMIUM_PATH, else a usual install location, else null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env['CHROMIUM_PATH'];
  if (configured) return existsSync(configured) ? configured : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export function chromiumPdfRenderer(executablePath: string | null = findChromium()): PdfRenderer {
  type Browser = import('playwright-core').Browser;
  let browser: Promise<Browser> | null = null;
  return {
    async render(html, page) {
      if (!executablePath) {
        throw new UserError(
          'no_chromium',
          'PDF export needs Chromium or Google Chrome on this computer, and none was found. Install it (for example ' +
            '`sudo apt-get install chromium`) or set CHROMIUM_PATH to its executable; HTML and ZPL exports work without it.',
        );
      }
      browser ??= import('playwright-core').then(({ chromium }) =>
        chromium.launch({
          executablePath,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        }),
      );
      const context = await (await browser).newContext({ javaScriptEnabled: false, offline: true });
      try {
        const tab = await context.newPage();
        await tab.setContent(html, { waitUntil: 'load' });
        return await tab.pdf({
          width: `${page.widthMm}mm`,
          height: `${page.heightMm}mm`,
          printBackground: true,
          margin: { top: '0', right: '0', bottom: '0', left: '0' },
          preferCSSPageSize: true,
        });
      } finally {
        await context.close();
      }
    },
    async close() {
      if (browser) await (await browser).close();
      browser = null;
    },
  };
}
