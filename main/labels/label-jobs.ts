/**
 * Runs label work on label worker threads (label-worker.ts): whole-sheet layouts and
 * PDFs streamed page by page. A writer, and on a machine with more than one core a
 * helper that makes the PDF's symbols ahead; each started on first use, kept for its
 * symbol cache, started again after a crash (docs/printing.md, "Fast labels").
 */
import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, type MessagePort, type Transferable } from 'node:worker_threads';
import { UserError } from '../errors/user-error';
import type { LabelJob, LabelTask, TaskValue, WorkerReply, WorkerRequest } from './label-worker-protocol';
import type { LabelSheet } from './layout';
import type { PdfSink } from './pdf-document';
import type { ZplFormats } from './zpl';

export type { LabelJob } from './label-worker-protocol';

export interface LabelJobs {
  /** The job's PDF, page by page into the sink. */
  pdf(job: LabelJob, sink: PdfSink): Promise<{ readonly pages: number; readonly warnings: readonly string[] }>;
  /** One page of the sheet laid out (the preview). */
  page(job: LabelJob, page: number): Promise<LabelSheet>;
  /** The whole sheet as HTML (the print dialog, an HTML file), with the layout's warnings. */
  html(job: LabelJob): Promise<{ readonly html: string; readonly warnings: readonly string[] }>;
  /** One ZPL format per label, and the layout's warnings. */
  zpl(task: Omit<Extract<LabelTask, { kind: 'zpl' }>, 'kind'>): Promise<ZplFormats>;
  /** A ZIP of one QR image per SIM. */
  images(task: Omit<Extract<LabelTask, { kind: 'images' }>, 'kind'>): Promise<Uint8Array>;
  close(): Promise<void>;
}

interface Pending {
  readonly onReply: (reply: WorkerReply) => void;
  readonly fail: (error: Error) => void;
}

/** The worker script beside this module: bundled (.mjs for the CLI, .js for the app), or the source through tsx. */
async function workerScript(): Promise<string> {
  const here = dirname(fileURLToPath(import.meta.url));
  // The CLI's bundle is split into chunks (out/cli/chunks/): its worker sits one folder up.
  const candidates = ['label-worker.mjs', 'label-worker.js', 'label-worker-dev.mjs'].flatMap((name) => [join(here, name), join(here, '..', name)]);
  for (const path of candidates) {
    if (
      await access(path).then(
        () => true,
        () => false,
      )
    )
      return path;
  }
  throw new UserError('no_label_worker', `The label worker is missing beside ${here}: reinstall SimFleet (or run \`npm run build\` in a checkout).`);
}

/** One started worker and the jobs sent to it: a worker that dies fails only its own jobs. */
interface Thread {
  readonly worker: Promise<Worker>;
  readonly pending: Map<number, Pending>;
}

export function labelJobs(options: { readonly helper?: boolean } = {}): LabelJobs {
  /** [writer, helper]: the helper only makes symbols ahead of the writer. */
  const threads: [Thread | null, Thread | null] = [null, null];
  const useHelper = options.helper ?? availableParallelism() > 1;
  let nextId = 1;

  // A job in progress keeps the process alive; an idle worker must not keep a CLI run alive.
  const keepAlive = (thread: Thread): void =>
    void thread.worker.then(
      (w) => (thread.pending.size > 0 ? w.ref() : w.unref()),
      () => undefined,
    );

  const startThread = (slot: 0 | 1): Thread => {
    const pending = new Map<number, Pending>();
    let thread: Thread | null = null;
    const retire = (error: Error): void => {
      if (threads[slot] === thread) threads[slot] = null;
      for (const p of pending.values()) p.fail(error);
      pending.clear();
    };
    const worker = workerScript().then((script) => {
      const w = new Worker(script);
      w.on('message', (reply: WorkerReply) => pending.get(reply.id)?.onReply(reply));
      w.on('error', (error) =>
        retire(new UserError('label_worker_failed', `Making the labels failed (${error.message}); nothing was printed or saved. Try again.`)),
      );
      w.on('exit', (code) => retire(new UserError('label_worker_failed', `The label worker stopped (exit ${code}); nothing was printed or saved. Try again.`)));
      return w;
    });
    worker.catch((error: unknown) => retire(error instanceof Error ? error : new Error(String(error))));
    thread = { worker, pending };
    return thread;
  };

  const send = <T>(
    slot: 0 | 1,
    request: DistributiveOmit<WorkerRequest, 'id'>,
    transfer: readonly Transferable[],
    onReply: (reply: WorkerReply, settle: (value: T) => void) => void,
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const thread = (threads[slot] ??= startThread(slot));
      const done = (): void => {
        thread.pending.delete(id);
        keepAlive(thread);
      };
      thread.pending.set(id, {
        fail: reject,
        onReply: (reply) => {
          if (reply.kind !== 'error') return onReply(reply, (value) => (done(), resolve(value)));
          done();
          reject(reply.code ? new UserError(reply.code, reply.message) : new Error(reply.message));
        },
      });
      keepAlive(thread);
      void thread.worker.then(
        (w) => w.postMessage({ ...request, id }, transfer as Transferable[]),
        () => undefined,
      );
    });

  /** A task on the writer (its cache has the symbols of the last preview and export). */
  const perform = <K extends LabelTask['kind']>(task: Extract<LabelTask, { kind: K }>): Promise<TaskValue[K]> =>
    send(0, { kind: 'task', task }, [], (reply, settle: (value: TaskValue[K]) => void) => {
      if (reply.kind === 'value') settle(reply.value as TaskValue[K]);
    });

  return {
    pdf(job, sink) {
      let helper: MessagePort | null = null;
      if (useHelper) {
        const channel = new MessageChannel();
        helper = channel.port1;
        // The helper only saves time: if it fails, the writer makes every symbol itself.
        void send(1, { kind: 'prefetch', job, writer: channel.port2 }, [channel.port2], (reply, settle: (pages: number) => void) => {
          if (reply.kind === 'prefetch-end') settle(reply.pages);
        }).catch(() => undefined);
      }
      return send(0, { kind: 'pdf', job, helper }, helper ? [helper] : [], (reply, settle: (v: { pages: number; warnings: readonly string[] }) => void) => {
        if (reply.kind === 'page') {
          sink.chunk(reply.bytes);
          sink.page(reply.done, reply.total);
        } else if (reply.kind === 'pdf-end') {
          sink.chunk(reply.bytes);
          settle({ pages: reply.pages, warnings: reply.warnings });
        }
      });
    },
    page: (job, page) => perform({ kind: 'page', job, page }),
    html: (job) => perform({ kind: 'html', job }),
    zpl: (task) => perform({ kind: 'zpl', ...task }),
    images: (task) => perform({ kind: 'images', ...task }),
    async close() {
      const running = threads.filter((t): t is Thread => t !== null);
      threads[0] = threads[1] = null;
      await Promise.all(running.map(async (t) => (await t.worker.catch(() => null))?.terminate()));
    },
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The whole PDF in memory, made on the worker, with the layout's warnings. */
export async function pdfBytes(
  jobs: LabelJobs,
  job: LabelJob,
  onPage?: (done: number, total: number) => void,
): Promise<{ readonly bytes: Buffer; readonly pages: number; readonly warnings: readonly string[] }> {
  const chunks: Uint8Array[] = [];
  const made = await jobs.pdf(job, { chunk: (c) => chunks.push(c), page: (done, total) => onPage?.(done, total) });
  return { bytes: Buffer.concat(chunks), pages: made.pages, warnings: made.warnings };
}
