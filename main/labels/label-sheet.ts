/**
 * The Labels screen's preview: one page of the sheet laid out on the label worker, each
 * label placed in millimetres with its symbols as images the page can show.
 */
import type { ServiceImpl } from '../../preload/contract';
import type { LabelSheetView } from '../../preload/views';
import type { LabelJobs } from './label-jobs';
import type { LabelSettingsLookup } from './label-settings';
import type { LabelSources } from './label-source';
import type { PlacedLabel } from './layout';
import { pagesFor } from './stocks';
import { symbolSvg } from './symbols';

const svgDataUrl = (symbol: Parameters<typeof symbolSvg>[0], widthMm: number, heightMm: number): string =>
  `data:image/svg+xml;base64,${Buffer.from(symbolSvg(symbol, widthMm, heightMm)).toString('base64')}`;

/** A placed label as the preview shows it. */
function labelView(l: PlacedLabel): LabelSheetView['labels'][number] {
  return {
    page: l.page,
    xMm: l.xMm,
    yMm: l.yMm,
    widthMm: l.widthMm,
    heightMm: l.heightMm,
    iccid: l.iccid,
    qrText: l.qrText,
    qrDataUrl: svgDataUrl(l.qrSymbol, l.qr.widthMm, l.qr.heightMm),
    qr: l.qr,
    barcodeDataUrl: l.barcodeSymbol && l.barcode ? svgDataUrl(l.barcodeSymbol, l.barcode.widthMm, l.barcode.heightMm) : null,
    barcode: l.barcode,
    text: l.text,
    lines: l.lines.map((line) => ({ ...line })),
  };
}

export function createLabelSheet(deps: {
  readonly jobs: Pick<LabelJobs, 'page'>;
  readonly sources: Pick<LabelSources, 'jobOf'>;
  readonly settings: Pick<LabelSettingsLookup, 'calibrationFor'>;
}): Pick<ServiceImpl['labels'], 'sheet'> {
  return {
    async sheet(request) {
      // Lay out only the requested page (on the worker): a 10,000-label batch previews as fast as a 30-label one.
      const { job, warnings } = await deps.sources.jobOf(request);
      const lastPage = pagesFor(job.stock, job.data.length, request.skip) - 1;
      const sheet = await deps.jobs.page(job, Math.max(0, Math.min(request.page, lastPage)));
      return {
        stock: sheet.stock,
        pages: sheet.pages,
        total: job.data.length,
        practice: sheet.practice,
        dpi: job.options.dpi,
        calibration: deps.settings.calibrationFor(request.printer, sheet.stock.id),
        warnings: [...warnings, ...sheet.warnings],
        labels: sheet.labels.map(labelView),
      };
    },
  };
}
