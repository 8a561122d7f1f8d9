/**
 * A batch's rows as labels: the provisioned rows of the request's lines, each as the data
 * its label shows, and the job the label worker lays out for them.
 */
import type { LabelRequest } from '../../preload/views';
import type { BatchService } from '../batch/batch-service';
import { UserError } from '../errors/user-error';
import { checkQrContent, flaggedLeftOff, type LabelData } from './content';
import type { LabelJob } from './label-jobs';
import type { LabelSettingsLookup } from './label-settings';

/** The labels of a request's rows, and their import lines in the same order. */
export interface LabelSource {
  readonly data: readonly LabelData[];
  readonly lines: readonly number[];
  /** The batch's name. */
  readonly name: string;
  readonly practice: boolean;
  /** The title a PDF or a print job is given. */
  readonly title: string;
  readonly warnings: readonly string[];
}

export interface LabelSources {
  readonly source: (request: Pick<LabelRequest, 'batchId' | 'lines' | 'qr'>) => Promise<LabelSource>;
  /** Everything the worker needs to lay out the request's labels. */
  readonly jobOf: (request: LabelRequest) => Promise<{ readonly job: LabelJob; readonly name: string; readonly warnings: readonly string[] }>;
}

export function createLabelSources(deps: {
  readonly batches: Pick<BatchService, 'rows'>;
  readonly settings: Pick<LabelSettingsLookup, 'stockOf' | 'calibrationFor' | 'resolutionOf'>;
}): LabelSources {
  async function source(request: Pick<LabelRequest, 'batchId' | 'lines' | 'qr'>): Promise<LabelSource> {
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
    const practice = environment === 'practice';
    return { data, lines: provisioned.map((r) => r.line), name, practice, title: `SimFleet ${name}${practice ? ' PRACTICE' : ''}`, warnings };
  }

  async function jobOf(request: LabelRequest): Promise<{ job: LabelJob; name: string; warnings: readonly string[] }> {
    const { data, name, practice, title, warnings } = await source(request);
    const stock = deps.settings.stockOf(request.stockId);
    const resolution = deps.settings.resolutionOf(request);
    const options = {
      qr: request.qr,
      barcode: request.barcode,
      practice,
      dpi: resolution.dpi,
      // A saved Zebra: the preview and the PDF are laid out on its dots, as its ZPL is.
      zebra: resolution.zebra,
      calibration: deps.settings.calibrationFor(request.printer, stock.id),
      skip: request.skip,
    };
    return { job: { stock, data, options, title }, name, warnings };
  }

  return { source, jobOf };
}
