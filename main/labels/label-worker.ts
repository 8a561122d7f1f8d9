/**
 * A label worker: lays out labels and writes their PDF on its own thread, so the main
 * process (IPC, the batch engine) never waits on thousands of QR codes
 * (docs/printing.md, "Fast labels"). Jobs run one at a time; symbols stay cached between
 * them. A second worker can make a PDF's symbols ahead, from the last page backwards,
 * while this one writes from the first: they meet in the middle.
 */
import { parentPort } from 'node:worker_threads';
import { isUserError } from '../errors/user-error';
import { sheetHtml } from './html';
import { qrImagesZip } from './images-zip';
import type { HelperMessage, LabelTask, TaskValue, WorkerReply, WorkerRequest } from './label-worker-protocol';
import { layoutLabels, layoutPage } from './layout';
import { labelFormats } from './zpl';
import { writeLabelsPdf } from './pdf-document';
import { pagesFor } from './stocks';
import { clearPrimed, primeSymbols } from './symbols';

const port = parentPort;
if (!port) throw new Error('label-worker.ts runs only as a worker thread (label-jobs.ts starts it).');

const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The chunks in one fresh buffer of its own (never Node's shared pool: it is transferred). */
function joined(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function writePdf(request: Extract<WorkerRequest, { kind: 'pdf' }>): Promise<void> {
  const { id, job, helper } = request;
  helper?.on('message', (message: HelperMessage) => {
    if (message.kind === 'symbols') primeSymbols(message.symbols);
  });
  // pdfkit emits many small chunks: they go out once per page.
  let pending: Uint8Array[] = [];
  try {
    const result = await writeLabelsPdf(
      job.stock,
      job.data,
      job.options,
      {
        chunk: (bytes) => pending.push(bytes),
        page: (done, total) => {
          helper?.postMessage({ kind: 'writer-at', page: done } satisfies HelperMessage);
          const bytes = joined(pending);
          pending = [];
          reply({ id, kind: 'page', bytes, done, total }, [bytes.buffer as ArrayBuffer]);
        },
      },
      job.title,
    );
    const bytes = joined(pending);
    reply({ id, kind: 'pdf-end', bytes, pages: result.pages, warnings: result.warnings }, [bytes.buffer as ArrayBuffer]);
  } finally {
    helper?.close();
    clearPrimed();
  }
}

async function prefetch(request: Extract<WorkerRequest, { kind: 'prefetch' }>): Promise<void> {
  const { id, job, writer } = request;
  let writerAt = 0;
  let closed = false;
  writer.on('message', (message: HelperMessage) => {
    if (message.kind === 'writer-at') writerAt = message.page;
  });
  writer.on('close', () => (closed = true));
  let made = 0;
  try {
    for (let page = pagesFor(job.stock, job.data.length, job.options.skip ?? 0) - 1; page > writerAt; page--) {
      // Hear where the writer is before each page: once it is here, the rest is its own.
      await nextTick();
      if (closed || page <= writerAt + 1) break;
      const { labels } = layoutPage(job.stock, job.data, job.options, page);
      const symbols = {
        qr: labels.map((l) => [l.qrText, l.qrSymbol] as const),
        barcode: labels.flatMap((l) => (l.barcodeSymbol ? [[l.iccid, l.barcodeSymbol] as const] : [])),
      };
      writer.postMessage({ kind: 'symbols', symbols } satisfies HelperMessage);
      made++;
    }
  } finally {
    writer.close();
  }
  reply({ id, kind: 'prefetch-end', pages: made });
}

async function perform(task: LabelTask): Promise<TaskValue[LabelTask['kind']]> {
  switch (task.kind) {
    case 'page':
      return layoutPage(task.job.stock, task.job.data, task.job.options, task.page);
    case 'html': {
      const sheet = layoutLabels(task.job.stock, task.job.data, task.job.options);
      return { html: sheetHtml(sheet), warnings: sheet.warnings };
    }
    case 'zpl':
      return labelFormats(task.stock, task.data, task.options);
    case 'images':
      return qrImagesZip(task.data, task.options);
  }
}

async function run(request: WorkerRequest): Promise<void> {
  if (request.kind === 'task') {
    const value = await perform(request.task);
    reply({ id: request.id, kind: 'value', value }, value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : []);
  } else if (request.kind === 'pdf') await writePdf(request);
  else await prefetch(request);
}

let queue = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  queue = queue.then(() =>
    run(request).catch((error: unknown) =>
      reply({
        id: request.id,
        kind: 'error',
        code: isUserError(error) ? error.code : null,
        message: error instanceof Error ? error.message : String(error),
      }),
    ),
  );
});
