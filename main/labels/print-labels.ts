/**
 * One label job to one printer, for the app (Labels → Send to …) and the CLI (`simfleet
 * labels --send`) alike (docs/printing.md): a Zebra gets ZPL over TCP, a CUPS queue gets
 * the PDF at the stock's page size. The outcome names, by import line, the labels that may
 * not have printed; each surface words it for its reader.
 */
import type { CupsJobState } from '../printing/cups';
import { cupsPrintPdf, cupsWaitForJob } from '../printing/cups';
import { describeAddress, type PrinterAddress } from '../printing/printer-address';
import { sendToZebra } from '../printing/zebra-client';
import type { PrinterDpi } from '../../preload/printer-resolution';
import type { LabelData, QrContent } from './content';
import { pdfBytes, type LabelJobs } from './label-jobs';
import type { LabelStock } from './stocks';

/** What a job prints: each label's data and its import line, and how. */
export interface PrintJob {
  readonly stock: LabelStock;
  readonly data: readonly LabelData[];
  readonly lines: readonly number[];
  readonly qr: QrContent;
  readonly barcode: boolean;
  readonly practice: boolean;
  readonly title: string;
  /** The printer's resolution: the Zebra's ZPL, or a CUPS queue's PDF, is laid out for it. */
  readonly dpi: PrinterDpi;
}

export interface PrintWatch {
  /** A Zebra job: labels confirmed so far. */
  readonly onSent?: (sent: number, total: number) => void;
  /** A CUPS job: PDF pages made so far. */
  readonly onPdfPage?: (done: number, total: number) => void;
  /** A CUPS job: CUPS took it (it is then followed for `cupsWaitMs`), with what the layout had to say. */
  readonly onQueued?: (jobId: string, warnings: readonly string[]) => void;
  /** A Zebra job: what the layout had to say, before the first label is sent. */
  readonly onLaidOut?: (warnings: readonly string[]) => void;
  /** How long to follow a CUPS job before reporting it as still queued. */
  readonly cupsWaitMs: number;
}

export type PrintOutcome =
  | {
      readonly kind: 'zebra';
      readonly where: string;
      readonly total: number;
      readonly sent: number;
      /** Import lines of the labels the printer did not confirm. */
      readonly notConfirmed: readonly number[];
      /** Why the job stopped early, or null when every label was confirmed. */
      readonly problem: string | null;
      /** What the layout had to say (a barcode that does not fit, …). */
      readonly warnings: readonly string[];
    }
  | {
      readonly kind: 'cups';
      readonly where: string;
      readonly total: number;
      readonly jobId: string;
      /** `gone`: CUPS no longer knows the job (cancelled or aborted); every line may not have printed. */
      readonly state: CupsJobState;
      /** What the layout had to say (text shrunk to fit, …). */
      readonly warnings: readonly string[];
    };

export async function printLabels(address: PrinterAddress, job: PrintJob, jobs: LabelJobs, watch: PrintWatch): Promise<PrintOutcome> {
  const where = describeAddress(address);
  const total = job.data.length;
  if (address.kind === 'zebra') {
    const { formats, warnings } = await jobs.zpl({
      stock: job.stock,
      data: job.data,
      options: { dpi: job.dpi, qr: job.qr, practice: job.practice, barcode: job.barcode },
    });
    watch.onLaidOut?.(warnings);
    const report = await sendToZebra(
      address,
      formats.map((zpl, i) => ({ zpl, line: job.lines[i]! })),
      watch.onSent ? { onProgress: watch.onSent } : {},
    );
    return { kind: 'zebra', where, total, sent: report.sent, notConfirmed: report.notConfirmed, problem: report.problem, warnings };
  }
  const { bytes, warnings } = await pdfBytes(
    jobs,
    { stock: job.stock, data: job.data, options: { qr: job.qr, barcode: job.barcode, practice: job.practice, dpi: job.dpi }, title: job.title },
    watch.onPdfPage,
  );
  const page = { widthMm: job.stock.pageWidthMm, heightMm: job.stock.pageHeightMm };
  const { jobId } = await cupsPrintPdf(address.queue, bytes, page, job.title);
  watch.onQueued?.(jobId, warnings);
  const state = await cupsWaitForJob(address.queue, jobId, watch.cupsWaitMs);
  return { kind: 'cups', where, total, jobId, state, warnings };
}
