/**
 * Labels to printers: the desktop app's print dialog (or a silent print to a chosen
 * printer), and saved printers, a Zebra or a CUPS queue, sent to directly (docs/printing.md).
 */
import type { ServiceImpl } from '../../preload/contract';
import { UserError } from '../errors/user-error';
import { cupsQueues } from '../printing/cups';
import type { LabelData } from './content';
import { directPrinterStatus, sendDirect } from './direct-printing';
import type { LabelJobs } from './label-jobs';
import type { LabelSettingsLookup } from './label-settings';
import type { LabelSources } from './label-source';

/** Sends label HTML to a printer; only the desktop app has one. */
export interface LabelPrinter {
  printers(): Promise<Array<{ name: string; isDefault: boolean }>>;
  print(html: string, page: { widthMm: number; heightMm: number }, options: { deviceName?: string; silent: boolean }): Promise<void>;
}

export type LabelPrinting = Pick<ServiceImpl['labels'], 'printers' | 'print' | 'cupsQueues' | 'printerStatus' | 'testPrint' | 'send'>;

export function createLabelPrinting(deps: {
  readonly printer: LabelPrinter | null;
  readonly jobs: LabelJobs;
  readonly sources: LabelSources;
  readonly settings: Pick<LabelSettingsLookup, 'stockOf' | 'printerNamed'>;
}): LabelPrinting {
  return {
    printers: () => deps.printer?.printers() ?? Promise.resolve([]),
    async print(request) {
      if (!deps.printer)
        throw new UserError(
          'print_unavailable',
          'Printing needs the SimFleet desktop app. Here, export a PDF and print it from your PDF viewer at 100% (actual size).',
        );
      const { job } = await deps.sources.jobOf(request);
      await deps.printer.print(
        (await deps.jobs.html(job)).html,
        { widthMm: job.stock.pageWidthMm, heightMm: job.stock.pageHeightMm },
        { ...(request.printer && request.printer !== 'PDF' ? { deviceName: request.printer } : {}), silent: request.silent },
      );
      return { labels: job.data.length };
    },
    // Only suggestions for the form: without CUPS there are none, and typing an address still works.
    cupsQueues: () => cupsQueues().catch(() => []),
    printerStatus: async ({ name }) => directPrinterStatus(deps.settings.printerNamed(name)),
    async testPrint({ name, stockId }) {
      const printer = deps.settings.printerNamed(name);
      const sample: LabelData = { iccid: '89000000000000000000', number: '+18005550100', nid: 'NID-TEST-LABEL', lpa: null };
      return sendDirect(
        printer,
        { stock: deps.settings.stockOf(stockId), data: [sample], lines: [0], qr: 'compact', barcode: true, practice: true, title: 'SimFleet test label' },
        deps.jobs,
      );
    },
    async send(request) {
      const printer = deps.settings.printerNamed(request.printer);
      const { data, lines, practice, title } = await deps.sources.source(request);
      return sendDirect(
        printer,
        { stock: deps.settings.stockOf(request.stockId), data, lines, qr: request.qr, barcode: request.barcode, practice, title },
        deps.jobs,
      );
    },
  };
}
