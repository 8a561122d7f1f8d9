/**
 * Labels and mapping exports for the app and the CLI, composed of one module per job: the
 * label settings (stocks, printers, calibrations), a batch's rows as labels, the preview
 * sheet, the downloads, printing (desktop app only), scan-to-verify, a mapping file's
 * labels (`simfleet labels`) and the batch's mapping export.
 */
import type { ServiceImpl } from '../../preload/contract';
import type { LabelStock } from '../../preload/domain';
import type { BatchService } from '../batch/batch-service';
import { createMappingExports } from '../export/batch-mapping';
import type { SettingsStore } from '../settings/store';
import { createLabelDownloads } from './label-downloads';
import type { LabelJobs } from './label-jobs';
import { createLabelPrinting, type LabelPrinter } from './label-printing';
import { createLabelSettings } from './label-settings';
import { createLabelSheet } from './label-sheet';
import { createLabelSources } from './label-source';
import { createMappingLabels, type MappingLabelsOutput } from './mapping-labels';
import { createScanVerify } from './scan-verify';

export type { LabelPrinter } from './label-printing';
export type { MappingLabels } from './mapping-labels';

/**
 * The labels service is the contract's `labels` namespace, and makes the `exports`
 * namespace's mapping files too (docs/decisions.md, D2).
 */
export type LabelsService = ServiceImpl['labels'] &
  MappingLabelsOutput & {
    readonly exports: ServiceImpl['exports'];
    /** The stock of this id, built-in or saved in Settings; refused with the list of them otherwise. */
    stockOf(id: string): LabelStock;
    close(): Promise<void>;
  };

export function createLabelsService(deps: {
  readonly dataRoot: string;
  readonly settings: SettingsStore;
  readonly batches: BatchService;
  /** Label layout and PDFs, on the label worker. */
  readonly jobs: LabelJobs;
  readonly printer: LabelPrinter | null;
  /** How far a PDF export is (the `labelsProgress` event). */
  readonly onProgress?: (progress: { readonly what: string; readonly done: number; readonly total: number }) => void;
}): LabelsService {
  const settings = createLabelSettings(deps.settings);
  const sources = createLabelSources({ batches: deps.batches, settings });
  const scans = createScanVerify({ dataRoot: deps.dataRoot, batches: deps.batches, qrContent: () => settings.read().qr });
  return {
    stockOf: settings.stockOf,
    ...createMappingLabels({ jobs: deps.jobs, settings }),
    ...settings.edits,
    ...createLabelSheet({ jobs: deps.jobs, sources, settings }),
    ...createLabelDownloads({ jobs: deps.jobs, sources, settings, ...(deps.onProgress ? { onProgress: deps.onProgress } : {}) }),
    ...createLabelPrinting({ printer: deps.printer, jobs: deps.jobs, sources, settings }),
    readLabel: scans.readLabel,
    verify: scans.verify,
    exports: createMappingExports({ batches: deps.batches }),
    async close() {
      await scans.close();
      await deps.jobs.close();
    },
  };
}
