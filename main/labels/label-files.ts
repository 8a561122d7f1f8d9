/**
 * Label files, for the app's Labels screen and `simfleet labels --out` alike: one job, one
 * format, made on the label workers, named one way (docs/printing.md, "Formats and stocks").
 * What the labels are of (a batch's rows, or a mapping file's) is the caller's; how each
 * format is made lives only here.
 */
import { open, rename, rm } from 'node:fs/promises';
import { tempPathFor } from '../files/atomic-write';
import type { LabelJob, LabelJobs } from './label-jobs';
import { zplJob } from './zpl';

export const LABEL_FILE_FORMATS = ['html', 'pdf', 'zpl', 'png-zip', 'svg-zip'] as const;
export type LabelFileFormat = (typeof LABEL_FILE_FORMATS)[number];

/** Where a label file's bytes go: into memory (the app's download) or straight into a file, page by page (the CLI). */
export interface LabelFileSink {
  chunk(bytes: Uint8Array): void;
  /** PDF pages made so far. */
  page?(done: number, total: number): void;
}

const EXTENSION: Readonly<Record<LabelFileFormat, string>> = { html: 'html', pdf: 'pdf', zpl: 'zpl', 'png-zip': 'zip', 'svg-zip': 'zip' };

export const LABEL_FILE_MIME: Readonly<Record<LabelFileFormat, string>> = {
  html: 'text/html',
  pdf: 'application/pdf',
  zpl: 'text/plain',
  'png-zip': 'application/zip',
  'svg-zip': 'application/zip',
};

/** The name a label file is offered under: practice files start with PRACTICE-, ZPL names its resolution. */
export function labelFileName(name: string, job: LabelJob, format: LabelFileFormat): string {
  const base = `${job.options.practice ? 'PRACTICE-' : ''}${name.replace(/[^\w.-]+/g, '_')}`;
  if (format === 'zpl') return `${base}-labels-${job.options.dpi}dpi.zpl`;
  if (format === 'png-zip' || format === 'svg-zip') return `${base}-qr-${format.slice(0, 3)}.${EXTENSION[format]}`;
  return `${base}-labels-${job.stock.id}.${EXTENSION[format]}`;
}

/** Makes the job's labels in one format into the sink, and answers what the layout had to say. */
export async function makeLabelFile(
  jobs: LabelJobs,
  job: LabelJob,
  format: LabelFileFormat,
  sink: LabelFileSink,
): Promise<{ readonly warnings: readonly string[] }> {
  switch (format) {
    case 'pdf': {
      const made = await jobs.pdf(job, { chunk: (bytes) => sink.chunk(bytes), page: (done, total) => sink.page?.(done, total) });
      return { warnings: made.warnings };
    }
    case 'zpl': {
      const { dpi, qr, practice, barcode } = job.options;
      const { formats, warnings } = await jobs.zpl({ stock: job.stock, data: job.data, options: { dpi, qr, practice, barcode } });
      sink.chunk(Buffer.from(zplJob(formats), 'utf8'));
      return { warnings };
    }
    case 'png-zip':
    case 'svg-zip': {
      const { qr, practice } = job.options;
      sink.chunk(await jobs.images({ data: job.data, options: { format: format === 'png-zip' ? 'png' : 'svg', qr, practice } }));
      return { warnings: [] };
    }
    case 'html': {
      const { html, warnings } = await jobs.html(job);
      sink.chunk(Buffer.from(html, 'utf8'));
      return { warnings };
    }
  }
}

/** The whole file in memory (the app's download). */
export async function labelFileBytes(
  jobs: LabelJobs,
  job: LabelJob,
  format: LabelFileFormat,
  onPage?: (done: number, total: number) => void,
): Promise<{ readonly bytes: Buffer; readonly warnings: readonly string[] }> {
  const chunks: Uint8Array[] = [];
  const { warnings } = await makeLabelFile(jobs, job, format, { chunk: (c) => chunks.push(c), ...(onPage ? { page: onPage } : {}) });
  return { bytes: Buffer.concat(chunks), warnings };
}

/**
 * The file written as it is made (a 10,000-label PDF never whole in memory), through a new
 * temporary file beside it renamed over it at the end: a failed job leaves no partial file,
 * and a link planted at the name is replaced, not followed (docs/security.md).
 */
export async function writeLabelFile(
  jobs: LabelJobs,
  job: LabelJob,
  format: LabelFileFormat,
  path: string,
  onPage?: (done: number, total: number) => void,
): Promise<{ readonly warnings: readonly string[] }> {
  const temp = tempPathFor(path);
  const file = await open(temp, 'wx', 0o644);
  let writes = Promise.resolve();
  try {
    const made = await makeLabelFile(jobs, job, format, {
      chunk: (bytes) => {
        writes = writes.then(async () => {
          await file.write(bytes);
        });
      },
      ...(onPage ? { page: onPage } : {}),
    });
    await writes;
    await file.sync();
    await file.close();
    await rename(temp, path);
    return made;
  } catch (error) {
    await writes.catch(() => undefined);
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}
