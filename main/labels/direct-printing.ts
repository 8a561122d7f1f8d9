/**
 * Labels straight to a saved printer from the app (docs/printing.md): a Zebra gets ZPL
 * over TCP, a CUPS queue gets the PDF. Every job names, by import line, the labels that
 * may not have printed, so the operator can reprint exactly those.
 */
import type { DirectPrinter } from '../../preload/domain';
import { formatLineRanges } from '../../preload/line-ranges';
import type { PrinterStatus, SendReport } from '../../preload/views';
import { UserError } from '../errors/user-error';
import { cupsQueues } from '../printing/cups';
import { describeAddress, parsePrinterAddress } from '../printing/printer-address';
import { zebraStatus } from '../printing/zebra-client';
import { statusProblems } from '../printing/zebra-status';
import type { LabelJobs } from './label-jobs';
import { printLabels, type PrintJob } from './print-labels';

/** What a job prints (the printer's own resolution is added when it is sent: a saved printer's resolution wins). */
export type DirectJob = Omit<PrintJob, 'dpi'>;

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
  const outcome = await printLabels(address, { ...job, dpi: printer.dpi }, jobs, { cupsWaitMs: 10_000 });
  const notes = outcome.warnings.length > 0 ? ` ${outcome.warnings.join(' ')}` : '';
  if (outcome.kind === 'zebra') {
    const notConfirmed = formatLineRanges(outcome.notConfirmed);
    return {
      total: outcome.total,
      sent: outcome.sent,
      notConfirmed,
      problem: outcome.problem,
      message:
        outcome.problem === null
          ? `${outcome.sent} label(s) sent to ${printer.name} (${printer.dpi} dpi).${notes}`
          : `${outcome.sent} of ${outcome.total} label(s) sent to ${printer.name}; then ${outcome.problem}. Lines ${notConfirmed} may not have printed: ` +
            'check the printer, then reprint them (they are filled in under "Reprint only lines").',
    };
  }
  const { total, jobId, state } = outcome;
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
      (state === 'completed'
        ? `${total} label(s) printed by CUPS on ${printer.name} (job ${jobId}, ${printer.dpi} dpi).`
        : `${total} label(s) queued on ${printer.name} as job ${jobId} (${printer.dpi} dpi).`) + notes,
  };
}

/** A saved printer by name, or what to do. */
export function savedPrinter(printers: readonly DirectPrinter[], name: string): DirectPrinter {
  const found = printers.find((p) => p.name === name);
  if (!found) throw new UserError('unknown_printer', `There is no saved printer named "${name}". Add it under Labels → Printers first.`);
  return found;
}
