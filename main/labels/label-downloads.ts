/**
 * The Labels screen's downloads: a file of the request's labels (PDF, ZPL, QR images),
 * made as `simfleet labels` makes it (label-files.ts), and a stock's calibration sheet.
 */
import type { ServiceImpl } from '../../preload/contract';
import type { LabelRequest } from '../../preload/views';
import type { LabelJobs } from './label-jobs';
import { LABEL_FILE_MIME, labelFileBytes, labelFileName, type LabelFileFormat } from './label-files';
import type { LabelSettingsLookup } from './label-settings';
import type { LabelSources } from './label-source';

export interface File64 {
  readonly fileName: string;
  readonly base64: string;
  readonly mime: string;
}

export type LabelDownloads = Pick<ServiceImpl['labels'], 'pdf' | 'zpl' | 'images' | 'calibrationSheet'>;

export function createLabelDownloads(deps: {
  readonly jobs: LabelJobs;
  readonly sources: Pick<LabelSources, 'jobOf'>;
  readonly settings: Pick<LabelSettingsLookup, 'stockOf'>;
  /** How far a PDF export is (the `labelsProgress` event). */
  readonly onProgress?: (progress: { readonly what: string; readonly done: number; readonly total: number }) => void;
}): LabelDownloads {
  async function labelFile(request: LabelRequest, format: LabelFileFormat): Promise<File64> {
    const { job, name } = await deps.sources.jobOf(request);
    const fileName = labelFileName(name, job, format);
    const { bytes } = await labelFileBytes(deps.jobs, job, format, (done, total) => deps.onProgress?.({ what: fileName, done, total }));
    return { fileName, base64: bytes.toString('base64'), mime: LABEL_FILE_MIME[format] };
  }

  return {
    pdf: (request) => labelFile(request, 'pdf'),
    zpl: (request) => labelFile(request, 'zpl'),
    images: (request) => labelFile(request, request.format === 'png' ? 'png-zip' : 'svg-zip'),
    async calibrationSheet({ stockId }) {
      const s = deps.settings.stockOf(stockId);
      // pdfkit is loaded when a calibration sheet is made, not by every process that composes the services (docs/cli.md, "Start-up").
      const { calibrationPdf } = await import('./pdf-document');
      return { fileName: `calibration-${s.id}.pdf`, base64: (await calibrationPdf(s)).toString('base64'), mime: 'application/pdf' };
    },
  };
}
