/** Messages between the main thread and the label workers (label-worker.ts, label-jobs.ts). */
import type { MessagePort } from 'node:worker_threads';
import type { LabelData } from './content';
import type { LabelOptions, LabelSheet } from './layout';
import type { LabelStock } from './stocks';
import type { PrimedSymbols } from './symbols';
import type { ZplFormats, ZplOptions } from './zpl';

/** What to lay out: the stock, every label's data, and how. */
export interface LabelJob {
  readonly stock: LabelStock;
  readonly data: readonly LabelData[];
  readonly options: LabelOptions;
  /** The PDF's title (its document properties). */
  readonly title?: string;
}

/** Work answered with one value: one page of the sheet, the whole sheet's HTML, ZPL formats, a ZIP of QR images. */
export type LabelTask =
  | { readonly kind: 'page'; readonly job: LabelJob; readonly page: number }
  | { readonly kind: 'html'; readonly job: LabelJob }
  | { readonly kind: 'zpl'; readonly stock: LabelStock; readonly data: readonly LabelData[]; readonly options: ZplOptions }
  | {
      readonly kind: 'images';
      readonly data: readonly LabelData[];
      readonly options: { readonly format: 'png' | 'svg'; readonly qr: LabelOptions['qr']; readonly practice: boolean };
    };

/** What each task answers. */
export interface TaskValue {
  readonly page: LabelSheet;
  readonly html: { readonly html: string; readonly warnings: readonly string[] };
  readonly zpl: ZplFormats;
  readonly images: Uint8Array;
}

export type WorkerRequest =
  /** Write the PDF; `helper`, when given, brings symbols another worker made ahead. */
  | { readonly id: number; readonly kind: 'pdf'; readonly job: LabelJob; readonly helper: MessagePort | null }
  /** Make the job's symbols from the last page backwards and send them through `writer`, until the writer gets there. */
  | { readonly id: number; readonly kind: 'prefetch'; readonly job: LabelJob; readonly writer: MessagePort }
  | { readonly id: number; readonly kind: 'task'; readonly task: LabelTask };

export type WorkerReply =
  /** One finished page of the PDF: its bytes (the first page also carries the header). */
  | { readonly id: number; readonly kind: 'page'; readonly bytes: Uint8Array; readonly done: number; readonly total: number }
  /** The PDF's last bytes (cross-reference table, trailer). */
  | { readonly id: number; readonly kind: 'pdf-end'; readonly bytes: Uint8Array; readonly pages: number; readonly warnings: readonly string[] }
  | { readonly id: number; readonly kind: 'prefetch-end'; readonly pages: number }
  | { readonly id: number; readonly kind: 'value'; readonly value: TaskValue[LabelTask['kind']] }
  | { readonly id: number; readonly kind: 'error'; readonly code: string | null; readonly message: string };

/** Between the writer and its helper: the helper's symbols one way, the writer's page the other. */
export type HelperMessage = { readonly kind: 'symbols'; readonly symbols: PrimedSymbols } | { readonly kind: 'writer-at'; readonly page: number };
