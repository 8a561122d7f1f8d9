/**
 * Labels and mapping exports for the app and the CLI: stocks (built-in and custom),
 * the label sheet for preview, PDF / ZPL / QR-image exports, printing (desktop app
 * only), calibration, and scan-to-verify.
 */
import type { Calibration, LabelSettings, LabelStock } from '../../preload/domain';
import type { LabelRequest } from '../../preload/views';
import type { ServiceImpl } from '../../preload/contract';
import type { BatchService } from '../batch/batch-service';
import { environmentDir } from '../environment/paths';
import { UserError } from '../errors/user-error';
import { mappingCsvExport, mappingFileName, mappingXlsxExport } from '../export/mapping-export';
import { readIccid, stripSymbologyPrefix } from '../import/iccid';
import type { SettingsStore } from '../settings/store';
import { checkQrContent, flaggedLeftOff, type LabelData } from './content';
import type { LabelJob, LabelJobs } from './label-jobs';
import { LABEL_FILE_MIME, labelFileBytes, labelFileName, writeLabelFile, type LabelFileFormat } from './label-files';
import { printLabels, type PrintJob, type PrintOutcome, type PrintWatch } from './print-labels';
import type { PrinterAddress } from '../printing/printer-address';
import { calibrationPdf } from './pdf-document';
import { BUILT_IN_STOCKS, NO_CALIBRATION, pagesFor, stockProblems } from './stocks';
import { symbolSvg } from './symbols';
import { directPrinterStatus, savedPrinter, sendDirect } from './direct-printing';
import { VerifiedLabels } from './verified-labels';
import { cupsQueues } from '../printing/cups';
import { parsePrinterAddress } from '../printing/printer-address';
import { DEFAULT_STOCK_ID } from '../../preload/constants';
import { resolutionFor } from '../../preload/printer-resolution';

/** Sends label HTML to a printer; only the desktop app has one. */
export interface LabelPrinter {
  printers(): Promise<Array<{ name: string; isDefault: boolean }>>;
  print(html: string, page: { widthMm: number; heightMm: number }, options: { deviceName?: string; silent: boolean }): Promise<void>;
}

export interface File64 {
  readonly fileName: string;
  readonly base64: string;
  readonly mime: string;
}

/**
 * The labels service is the contract's `labels` namespace, and makes the `exports`
 * namespace's mapping files too (docs/decisions.md, D2).
 */
export type LabelsService = ServiceImpl['labels'] & {
  readonly exports: ServiceImpl['exports'];
  /** The stock of this id, built-in or saved in Settings; refused with the list of them otherwise. */
  stockOf(id: string): LabelStock;
  /** A mapping file's labels into a file (`simfleet labels --out`), made as the Labels screen makes its files. */
  mappingFile(
    labels: MappingLabels,
    format: LabelFileFormat,
    out: string,
    onPage?: (done: number, total: number) => void,
  ): Promise<{ readonly warnings: readonly string[] }>;
  /** A mapping file's labels to a Zebra or a CUPS queue (`simfleet labels --send`), as Labels → Send does. */
  mappingPrint(labels: MappingLabels, address: PrinterAddress, watch: PrintWatch): Promise<PrintOutcome>;
  close(): Promise<void>;
};

/** Labels of a mapping file's rows (`simfleet labels`): a print job, its stock named by id (built-in or saved in Settings). */
export type MappingLabels = Omit<PrintJob, 'stock'> & { readonly stockId: string };

const b64 = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64');

/** What step 1 of scan-to-verify read. */
export interface LabelRead {
  readonly ok: boolean;
  readonly iccid: string | null;
  readonly message: string;
}

export function createLabelsService(deps: {
  dataRoot: string;
  settings: SettingsStore;
  batches: BatchService;
  /** Label layout and PDFs, on the label worker. */
  jobs: LabelJobs;
  printer: LabelPrinter | null;
  /** How far a PDF export is (the `labelsProgress` event). */
  onProgress?: (progress: { readonly what: string; readonly done: number; readonly total: number }) => void;
}): LabelsService {
  const labels = (): LabelSettings => deps.settings.read().labels;
  const allStocks = (): LabelStock[] => [...BUILT_IN_STOCKS, ...labels().customStocks];
  const stock = (id: string): LabelStock => {
    const found = allStocks().find((s) => s.id === id);
    if (!found)
      throw new UserError(
        'unknown_stock',
        `There is no label stock "${id}". Choose one of: ${allStocks()
          .map((s) => s.id)
          .join(', ')}.`,
      );
    return found;
  };
  const calibrationFor = (printer: string, stockId: string): Calibration => labels().calibrations[`${printer}|${stockId}`] ?? NO_CALIBRATION;
  /** The resolution chosen on screen, unless the chosen printer is a saved one: then its own (docs/printing.md, "Printer resolution"). */
  const resolutionOf = (request: Pick<LabelRequest, 'dpi' | 'printer'>) => resolutionFor(request.dpi, request.printer, labels().printers);
  const writeLabels = (next: LabelSettings): LabelSettings => {
    deps.settings.write({ ...deps.settings.read(), labels: next });
    return next;
  };

  const verifiedLabels = new VerifiedLabels();

  async function source(
    request: Pick<LabelRequest, 'batchId' | 'lines' | 'qr'>,
  ): Promise<{ data: LabelData[]; lines: number[]; name: string; practice: boolean; warnings: string[] }> {
    const { rows, name, environment } = await deps.batches.rows(request.batchId, request.lines);
    const withNumber = rows.filter((r) => r.state === 'provisioned' && r.number);
    // A number Telegent gave two SIMs goes on no label until Telegent says whose it is (docs/exactly-once.md, "One number for two SIMs").
    const provisioned = withNumber.filter((r) => !r.flagged);
    const flagged = withNumber.filter((r) => r.flagged).map((r) => r.line);
    const warnings = flagged.length > 0 ? [flaggedLeftOff(flagged)] : [];
    if (provisioned.length === 0) {
      throw new UserError(
        'nothing_to_label',
        flagged.length > 0 ? warnings[0]! : 'None of the chosen rows is provisioned yet, so there is nothing to put on a label.',
      );
    }
    const data = provisioned.map((r) => ({ iccid: r.iccid, number: r.number, nid: r.nid, lpa: r.lpa }));
    checkQrContent(data, request.qr);
    return { data, lines: provisioned.map((r) => r.line), name, practice: environment === 'practice', warnings };
  }

  /** Everything the worker needs to lay out the request's labels. */
  async function jobOf(request: LabelRequest): Promise<{ job: LabelJob; name: string; warnings: readonly string[] }> {
    const { data, name, practice, warnings } = await source(request);
    const s = stock(request.stockId);
    const resolution = resolutionOf(request);
    const options = {
      qr: request.qr,
      barcode: request.barcode,
      practice,
      dpi: resolution.dpi,
      // A saved Zebra: the preview and the PDF are laid out on its dots, as its ZPL is.
      zebra: resolution.zebra,
      calibration: calibrationFor(request.printer, s.id),
      skip: request.skip,
    };
    return { job: { stock: s, data, options, title: `SimFleet ${name}${practice ? ' PRACTICE' : ''}` }, name, warnings };
  }

  /** A label file of the request's rows, made as `simfleet labels` makes it (label-files.ts). */
  async function labelFile(request: LabelRequest, format: LabelFileFormat): Promise<File64> {
    const { job, name } = await jobOf(request);
    const fileName = labelFileName(name, job, format);
    const { bytes } = await labelFileBytes(deps.jobs, job, format, (done, total) => deps.onProgress?.({ what: fileName, done, total }));
    return { fileName, base64: b64(bytes), mime: LABEL_FILE_MIME[format] };
  }

  return {
    stockOf: stock,
    mappingFile: (labels, format, out, onPage) =>
      writeLabelFile(
        deps.jobs,
        {
          stock: stock(labels.stockId),
          data: labels.data,
          options: { qr: labels.qr, barcode: labels.barcode, practice: labels.practice, dpi: labels.dpi },
          title: labels.title,
        },
        format,
        out,
        onPage,
      ),
    mappingPrint: (labels, address, watch) => printLabels(address, { ...labels, stock: stock(labels.stockId) }, deps.jobs, watch),
    stocks: async () => allStocks(),
    async saveStock(s) {
      if (BUILT_IN_STOCKS.some((b) => b.id === s.id)) throw new UserError('stock_exists', `"${s.id}" is a built-in stock; give the custom stock another id.`);
      const problems = stockProblems(s);
      if (problems.length > 0) throw new UserError('invalid_stock', problems.join(' '));
      const current = labels();
      writeLabels({ ...current, customStocks: [...current.customStocks.filter((c) => c.id !== s.id), s] });
      return allStocks();
    },
    async deleteStock({ id }) {
      const current = labels();
      writeLabels({
        ...current,
        customStocks: current.customStocks.filter((c) => c.id !== id),
        stockId: current.stockId === id ? DEFAULT_STOCK_ID : current.stockId,
      });
      return allStocks();
    },
    async saveDefaults(input) {
      stock(input.stockId);
      return writeLabels({ ...labels(), ...input });
    },
    async sheet(request) {
      // Lay out only the requested page (on the worker): a 10,000-label batch previews as fast as a 30-label one.
      const { job, warnings } = await jobOf(request);
      const lastPage = pagesFor(job.stock, job.data.length, request.skip) - 1;
      const sheet = await deps.jobs.page(job, Math.max(0, Math.min(request.page, lastPage)));
      return {
        stock: sheet.stock,
        pages: sheet.pages,
        total: job.data.length,
        practice: sheet.practice,
        dpi: job.options.dpi,
        calibration: calibrationFor(request.printer, sheet.stock.id),
        warnings: [...warnings, ...sheet.warnings],
        labels: sheet.labels.map((l) => ({
          page: l.page,
          xMm: l.xMm,
          yMm: l.yMm,
          widthMm: l.widthMm,
          heightMm: l.heightMm,
          iccid: l.iccid,
          qrText: l.qrText,
          qrDataUrl: `data:image/svg+xml;base64,${b64(symbolSvg(l.qrSymbol, l.qr.widthMm, l.qr.heightMm))}`,
          qr: l.qr,
          barcodeDataUrl:
            l.barcodeSymbol && l.barcode ? `data:image/svg+xml;base64,${b64(symbolSvg(l.barcodeSymbol, l.barcode.widthMm, l.barcode.heightMm))}` : null,
          barcode: l.barcode,
          text: l.text,
          lines: l.lines.map((line) => ({ ...line })),
        })),
      };
    },
    pdf: (request) => labelFile(request, 'pdf'),
    zpl: (request) => labelFile(request, 'zpl'),
    images: (request) => labelFile(request, request.format === 'png' ? 'png-zip' : 'svg-zip'),
    printers: () => deps.printer?.printers() ?? Promise.resolve([]),
    async print(request) {
      if (!deps.printer)
        throw new UserError(
          'print_unavailable',
          'Printing needs the SimFleet desktop app. Here, export a PDF and print it from your PDF viewer at 100% (actual size).',
        );
      const { job } = await jobOf(request);
      await deps.printer.print(
        (await deps.jobs.html(job)).html,
        { widthMm: job.stock.pageWidthMm, heightMm: job.stock.pageHeightMm },
        { ...(request.printer && request.printer !== 'PDF' ? { deviceName: request.printer } : {}), silent: request.silent },
      );
      return { labels: job.data.length };
    },
    async calibrationSheet({ stockId }) {
      const s = stock(stockId);
      return { fileName: `calibration-${s.id}.pdf`, base64: b64(await calibrationPdf(s)), mime: 'application/pdf' };
    },
    async savePrinter(printer) {
      parsePrinterAddress(printer.address);
      const current = labels();
      return writeLabels({
        ...current,
        printers: [...current.printers.filter((p) => p.name !== printer.name), { ...printer, address: printer.address.trim() }],
      });
    },
    async deletePrinter({ name }) {
      const current = labels();
      return writeLabels({ ...current, printers: current.printers.filter((p) => p.name !== name) });
    },
    // Only suggestions for the form: without CUPS there are none, and typing an address still works.
    cupsQueues: () => cupsQueues().catch(() => []),
    printerStatus: async ({ name }) => directPrinterStatus(savedPrinter(labels().printers, name)),
    async testPrint({ name, stockId }) {
      const printer = savedPrinter(labels().printers, name);
      const sample: LabelData = { iccid: '89000000000000000000', number: '+18005550100', nid: 'NID-TEST-LABEL', lpa: null };
      return sendDirect(
        printer,
        { stock: stock(stockId), data: [sample], lines: [0], qr: 'compact', barcode: true, practice: true, title: 'SimFleet test label' },
        deps.jobs,
      );
    },
    async send(request) {
      const printer = savedPrinter(labels().printers, request.printer);
      const { data, lines, name, practice } = await source(request);
      const title = `SimFleet ${name}${practice ? ' PRACTICE' : ''}`;
      return sendDirect(printer, { stock: stock(request.stockId), data, lines, qr: request.qr, barcode: request.barcode, practice, title }, deps.jobs);
    },
    async saveCalibration({ printer, stockId, calibration }) {
      stock(stockId);
      const current = labels();
      return writeLabels({ ...current, calibrations: { ...current.calibrations, [`${printer || 'PDF'}|${stockId}`]: calibration } });
    },
    async readLabel({ batchId, labelScan }) {
      const { rows, name } = await deps.batches.rows(batchId);
      const raw = labelScan.trim();
      const aim = /^\]([A-Za-z])/.exec(raw)?.[1];
      // A scanner that sends AIM identifiers says which symbology it read: the label's QR
      // is Q (or d for Data Matrix); C, E, I… are one-dimensional barcodes such as the card's.
      if (aim !== undefined && aim !== 'Q' && aim !== 'd') {
        return { ok: false, iccid: null, message: '✗ That was a barcode, not the label’s QR code. Scan the QR code on the label first, then the card.' };
      }
      const label = stripSymbologyPrefix(raw);
      const head = label.split('|')[0] ?? '';
      const qr = labels().qr;
      const bare = readIccid(label);
      // With the ICCID alone in the QR a label and a card read the same; otherwise a bare ICCID is the card.
      if (qr !== 'iccid' && bare.kind === 'ok' && rows.some((r) => r.iccid === bare.iccid)) {
        return { ok: false, iccid: null, message: '✗ That was the SIM card, not the label. Scan the QR code on the label first, then the card.' };
      }
      const row = rows.find((r) => r.iccid === head || r.iccid === label || r.number === label || (r.lpa !== null && r.lpa === label));
      if (!row || row.state !== 'provisioned') {
        return { ok: false, iccid: null, message: `✗ This label is not from batch "${name}". Put it aside and scan a label from this batch.` };
      }
      return { ok: true, iccid: row.iccid, message: `Label for SIM …${row.iccid.slice(-6)} (${row.number ?? ''}). Now scan the SIM card.` };
    },
    async verify({ batchId, labelScan, cardScan }) {
      const { rows, name, environment } = await deps.batches.rows(batchId);
      const dir = environmentDir(deps.dataRoot, environment);
      let verified = await verifiedLabels.of(dir, batchId);
      const total = rows.filter((r) => r.state === 'provisioned').length;
      const label = stripSymbologyPrefix(labelScan.trim());
      // The label's QR may hold the ICCID, the number, "ICCID|number|NID" or the LPA string.
      const head = label.split('|')[0] ?? '';
      const row = rows.find((r) => r.iccid === head || r.iccid === label || r.number === label || (r.lpa !== null && r.lpa === label));
      const card = readIccid(stripSymbologyPrefix(cardScan.trim()));
      if (!row) {
        return { match: false, message: `✗ This label is not from batch "${name}". Put the label and the card aside.`, verified: verified.size, total };
      }
      if (card.kind !== 'ok')
        return { match: false, message: '✗ The second scan is not an ICCID. Scan the barcode on the SIM card.', verified: verified.size, total };
      if (card.iccid !== row.iccid) {
        const which = `the label is for SIM …${row.iccid.slice(-6)} but this card is …${card.iccid.slice(-6)}`;
        return {
          match: false,
          message: `✗ MISMATCH: ${which}. Put both aside and find the right label.`,
          verified: verified.size,
          total,
        };
      }
      verified = await verifiedLabels.add(dir, batchId, row.iccid);
      return { match: true, message: `✓ Match: ${row.number ?? ''} belongs to SIM …${row.iccid.slice(-6)}.`, verified: verified.size, total };
    },
    exports: {
      async mapping({ batchId, format, lines }) {
        const taken = await deps.batches.rows(batchId, lines);
        const { name, environment } = taken;
        // The whole mapping accounts for every row of the list (docs/exports.md, "One mapping"); a reprint of some lines is those lines.
        const rows = lines === undefined ? [...taken.rows, ...(await deps.batches.notSent(batchId))] : taken.rows;
        if (format === 'csv')
          return { fileName: mappingFileName(name, environment, 'csv'), base64: b64(mappingCsvExport(rows, name, environment)), mime: 'text/csv' };
        return {
          fileName: mappingFileName(name, environment, 'xlsx'),
          base64: b64(await mappingXlsxExport(rows, name, environment)),
          mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        };
      },
    },
    async close() {
      await verifiedLabels.close();
      await deps.jobs.close();
    },
  };
}
