/**
 * Labels straight to a saved printer from the app (docs/printing.md): a Zebra gets ZPL
 * over TCP, a CUPS queue gets the PDF. Every job names, by import line, the labels that
 * may not have printed, so the operator can reprint exactly those.
 */
import type { DirectPrinter } from '../../preload/domain';
import { formatLineRanges } from '../../preload/line-ranges';
import type { PrinterStatus, SendReport } from '../../preload/views';
import { UserError } from '../errors/user-error';
import { cupsPrintPdf, cupsQueues, cupsWaitForJob } from '../printing/cups';
import { describeAddress, parsePrinterAddress } from '../printing/printer-address';
import { sendToZebra, zebraStatus } from '../printing/zebra-client';
import { statusProblems } from '../printing/zebra-status';
import type { LabelData } from './content';
import { pdfBytes, type LabelJobs } from './label-jobs';
import type { LabelStock } from './stocks';

/** What a job prints: each label's data and its import line, and how. */
export interface DirectJob {
  readonly stock: LabelStock;
  readonly data: readonly LabelData[];
  readonly lines: readonly number[];
  readonly qr: 'iccid' | 'number' | 'compact' | 'lpa';
  readonly barcode: boolean;
  readonly practice: boolean;
  readonly title: string;
}

export async function directPrinterStatus(printer: DirectPrinter): Promise<PrinterStatus> {
  const address = parsePrinterAddress(printer.address);
  if (address.kind === 'zebra') {
    const problems = statusProblems(await zebraStatus(address));
    const message = problems.length === 0 ? `${printer.name} is ready.` : `${printer.name} is not ready: ${problems.join('; ')}.`;
    return { ready: problems.length === 0, problems, message };
  }
  const known = (await cupsQueues()).some((q) => q.name === address.queue);
  const problems = known ? [] : [`CUPS has no queue named ${address.queue} (lpstat -e lists them)`];
  return { ready: known, problems, message: known ? `${printer.name} (${describeAddress(address)}) is ready.` : `${printer.name}: ${problems[0]}.` };
}

export async function sendDirect(printer: DirectPrinter, job: DirectJob, jobs: LabelJobs): Promise<SendReport> {
  const address = parsePrinterAddress(printer.address);
  const total = job.data.length;
  if (address.kind === 'zebra') {
    const formats = await jobs.zpl({ stock: job.stock, data: job.data, options: { dpi: printer.dpi, qr: job.qr, practice: job.practice } });
    const report = await sendToZebra(
      address,
      formats.map((zpl, i) => ({ zpl, line: job.lines[i]! })),
    );
    const notConfirmed = formatLineRanges(report.notConfirmed);
    return {
      total,
      sent: report.sent,
      notConfirmed,
      problem: report.problem,
      message:
        report.problem === null
          ? `${report.sent} label(s) sent to ${printer.name}.`
          : `${report.sent} of ${total} label(s) sent to ${printer.name}; then ${report.problem}. Lines ${notConfirmed} may not have printed: ` +
            'check the printer, then reprint them (they are filled in under "Reprint only lines").',
    };
  }
  const { bytes: pdf } = await pdfBytes(jobs, {
    stock: job.stock,
    data: job.data,
    options: { qr: job.qr, barcode: job.barcode, practice: job.practice, dpi: 300 },
    title: job.title,
  });
  const page = { widthMm: job.stock.pageWidthMm, heightMm: job.stock.pageHeightMm };
  const { jobId } = await cupsPrintPdf(address.queue, pdf, page, job.title);
  const state = await cupsWaitForJob(address.queue, jobId, 10_000);
  if (state === 'gone') {
    const lines = formatLineRanges(job.lines);
    return {
      total,
      sent: 0,
      notConfirmed: lines,
      problem: 'CUPS no longer knows the job (cancelled or aborted)',
      message: `Job ${jobId} on ${printer.name} was cancelled or aborted: lines ${lines} may not have printed.`,
    };
  }
  return {
    total,
    sent: total,
    notConfirmed: '',
    problem: null,
    message:
      state === 'completed'
        ? `${total} label(s) printed by CUPS on ${printer.name} (job ${jobId}).`
        : `${total} label(s) queued on ${printer.name} as job ${jobId}.`,
  };
}

/** A saved printer by name, or what to do. */
export function savedPrinter(printers: readonly DirectPrinter[], name: string): DirectPrinter {
  const found = printers.find((p) => p.name === name);
  if (!found) throw new UserError('unknown_printer', `There is no saved printer named "${name}". Add it under Labels → Printers first.`);
  return found;
}
