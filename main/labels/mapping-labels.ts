/**
 * Labels of a mapping file's rows (`simfleet labels`), into a file or to a printer, made
 * with the app's stocks (custom ones saved in Settings too) as the Labels screen makes them.
 */
import type { PrinterAddress } from '../printing/printer-address';
import type { LabelJobs } from './label-jobs';
import { writeLabelFile, type LabelFileFormat } from './label-files';
import type { LabelSettingsLookup } from './label-settings';
import { printLabels, type PrintJob, type PrintOutcome, type PrintWatch } from './print-labels';

/** Labels of a mapping file's rows: a print job, its stock named by id (built-in or saved in Settings). */
export type MappingLabels = Omit<PrintJob, 'stock'> & { readonly stockId: string };

export interface MappingLabelsOutput {
  /** A mapping file's labels into a file (`simfleet labels --out`), made as the Labels screen makes its files. */
  mappingFile(
    labels: MappingLabels,
    format: LabelFileFormat,
    out: string,
    onPage?: (done: number, total: number) => void,
  ): Promise<{ readonly warnings: readonly string[] }>;
  /** A mapping file's labels to a Zebra or a CUPS queue (`simfleet labels --send`), as Labels → Send does. */
  mappingPrint(labels: MappingLabels, address: PrinterAddress, watch: PrintWatch): Promise<PrintOutcome>;
}

export function createMappingLabels(deps: { readonly jobs: LabelJobs; readonly settings: Pick<LabelSettingsLookup, 'stockOf'> }): MappingLabelsOutput {
  return {
    mappingFile: (labels, format, out, onPage) =>
      writeLabelFile(
        deps.jobs,
        {
          stock: deps.settings.stockOf(labels.stockId),
          data: labels.data,
          options: { qr: labels.qr, barcode: labels.barcode, practice: labels.practice, dpi: labels.dpi },
          title: labels.title,
        },
        format,
        out,
        onPage,
      ),
    mappingPrint: (labels, address, watch) => printLabels(address, { ...labels, stock: deps.settings.stockOf(labels.stockId) }, deps.jobs, watch),
  };
}
