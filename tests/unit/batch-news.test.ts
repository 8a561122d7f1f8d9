/** What the shell tells the operator about batches on any screen (renderer/src/stores/batch-store.ts), and the taskbar (main/batch/taskbar-progress.ts). */
import { describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../preload/views';
import { createBatchStore, newsOf, type BatchNews } from '../../renderer/src/stores/batch-store';
import { taskbarProgress } from '../../main/batch/taskbar-progress';

const counts = (provisioned: number, failed = 0, uncertain = 0) => ({
  queued: 0,
  submitting: 0,
  pending: 0,
  provisioned,
  failed,
  uncertain,
  skipped: 0,
  cancelled: 0,
});
const batch = (over: Partial<BatchSummary>): BatchSummary => ({
  id: 'b1',
  name: 'Carton 7',
  environment: 'practice',
  apiBaseUrl: '',
  createdAt: '2026-12-06T10:00:00Z',
  updatedAt: '2026-12-06T10:00:01Z',
  status: 'running',
  total: 10,
  counts: counts(0),
  done: 0,
  ratePerMinute: 0,
  etaSeconds: null,
  heldSeconds: null,
  flagged: 0,
  selfPaused: false,
  message: null,
  cancelled: null,
  auditAdvised: false,
  ...over,
});

describe('batch news', () => {
  it('is a pause the engine made (it says why), an end with failed or uncertain SIMs, or a clean finish; never the operator’s own pause', () => {
    const running = batch({});
    expect(newsOf(running, batch({ status: 'paused', selfPaused: true, message: 'Telegent could not be reached 5 times in a row.' }))).toBe('paused');
    expect(newsOf(running, batch({ status: 'paused', message: 'Paused by the operator.' }))).toBeNull();
    expect(newsOf(running, batch({ status: 'finished', counts: counts(9, 1) }))).toBe('attention');
    expect(newsOf(running, batch({ status: 'finished', counts: counts(9, 0, 1) }))).toBe('attention');
    expect(newsOf(running, batch({ status: 'finished', counts: counts(10) }))).toBe('finished');
    // Not news: a batch first seen finished, or one that was not running.
    expect(newsOf(undefined, batch({ status: 'finished' }))).toBeNull();
    expect(newsOf(batch({ status: 'paused' }), batch({ status: 'finished' }))).toBeNull();
    // A retry short enough to send no "running" event between: from needing attention to finished is news.
    expect(newsOf(batch({ status: 'finished', counts: counts(9, 1) }), batch({ status: 'finished', counts: counts(10) }))).toBe('finished');
    expect(newsOf(batch({ status: 'finished', counts: counts(9, 1) }), batch({ status: 'finished', counts: counts(9, 1) }))).toBeNull();
  });

  it('the store fetches the list once, follows progress events, tells each piece of news once, and fetches again when the environment changes', async () => {
    let lists = 0;
    const progress: Array<(s: BatchSummary) => void> = [];
    const environment: Array<() => void> = [];
    const store = createBatchStore({
      batches: { list: async () => (lists++, { ok: true as const, value: [batch({})] }) } as never,
      events: {
        batchProgress: (listener: (s: BatchSummary) => void) => (progress.push(listener), () => undefined),
        environmentChanged: (listener: () => void) => (environment.push(listener), () => undefined),
      } as never,
    });
    const news: BatchNews[] = [];
    let changes = 0;
    store.subscribe(() => changes++);
    store.onNews((n) => news.push(n));
    await Promise.resolve();
    await Promise.resolve();
    expect(lists).toBe(1);
    expect(store.snapshot().map((b) => b.status)).toEqual(['running']);
    const before = store.snapshot();
    progress[0]!(batch({ status: 'paused', selfPaused: true, message: 'Telegent could not be reached 5 times in a row.' }));
    expect(store.snapshot()).not.toBe(before);
    expect(store.snapshot()[0]!.status).toBe('paused');
    progress[0]!(batch({ status: 'paused', selfPaused: true, message: 'Telegent could not be reached 5 times in a row.' }));
    expect(news.map((n) => n.kind)).toEqual(['paused']);
    expect(changes).toBeGreaterThanOrEqual(2);
    environment[0]!();
    await Promise.resolve();
    expect(lists).toBe(2);
  });

  it('keeps what an event said while the list was on its way, and drops a list older than the latest one asked for', async () => {
    const progress: Array<(s: BatchSummary) => void> = [];
    const replies: Array<(value: BatchSummary[]) => void> = [];
    const store = createBatchStore({
      batches: { list: () => new Promise((resolve) => replies.push((value) => resolve({ ok: true as const, value }))) } as never,
      events: {
        batchProgress: (listener: (s: BatchSummary) => void) => (progress.push(listener), () => undefined),
        environmentChanged: () => () => undefined,
      } as never,
    });
    store.subscribe(() => undefined);
    // The batch finishes while the first list (taken when it ran) is on its way.
    progress[0]!(batch({ status: 'finished', counts: counts(10) }));
    replies[0]!([batch({ status: 'running' })]);
    await Promise.resolve();
    await Promise.resolve();
    expect(store.snapshot().map((b) => b.status)).toEqual(['finished']);
    // Two loads: the first answer to arrive is the older one, and it is dropped.
    store.refresh();
    store.refresh();
    replies[2]!([batch({ status: 'finished', counts: counts(10) }), batch({ id: 'b2', name: 'Carton 8', status: 'running' })]);
    replies[1]!([batch({ status: 'running' })]);
    await Promise.resolve();
    await Promise.resolve();
    expect(store.snapshot().map((b) => `${b.id}:${b.status}`)).toEqual(['b1:finished', 'b2:running']);
  });
});

describe('a batch that ends before its first event', () => {
  it('is news when it started while the window was open, and not when it is an old one first heard of', async () => {
    const progress: Array<(s: BatchSummary) => void> = [];
    const store = createBatchStore({
      batches: { list: async () => ({ ok: true as const, value: [] }) } as never,
      events: {
        batchProgress: (listener: (s: BatchSummary) => void) => (progress.push(listener), () => undefined),
        environmentChanged: () => () => undefined,
      } as never,
    });
    const news: BatchNews[] = [];
    store.onNews((n) => news.push(n));
    const now = new Date(Date.now() + 1000).toISOString();
    progress[0]!(batch({ id: 'old', status: 'finished', counts: counts(10) }));
    progress[0]!(batch({ id: 'short', createdAt: now, status: 'finished', counts: counts(9, 1) }));
    expect(news.map((n) => `${n.summary.id}:${n.kind}`)).toEqual(['short:attention']);
  });
});

describe('the batch store and the environment', () => {
  it('takes no progress event of a batch in the other environment (a switch just made, a late event)', async () => {
    const progress: Array<(s: BatchSummary) => void> = [];
    const store = createBatchStore(
      {
        batches: { list: async () => ({ ok: true as const, value: [batch({})] }) } as never,
        events: {
          batchProgress: (listener: (s: BatchSummary) => void) => (progress.push(listener), () => undefined),
          environmentChanged: () => () => undefined,
        } as never,
      },
      () => 'practice',
    );
    store.subscribe(() => undefined);
    await Promise.resolve();
    await Promise.resolve();
    progress[0]!(batch({ id: 'p1', name: 'Production carton', environment: 'production' }));
    expect(store.snapshot().map((b) => b.id)).toEqual(['b1']);
    progress[0]!(batch({ id: 'b2', name: 'Practice carton' }));
    expect(store.snapshot().map((b) => b.id)).toEqual(['b2', 'b1']);
  });
});

describe('taskbar progress', () => {
  it('is the running batches’ share provisioned, red when one paused itself, gone when nothing runs', () => {
    expect(taskbarProgress([batch({ counts: counts(5) })])).toEqual({ value: 0.5, mode: 'normal' });
    expect(taskbarProgress([batch({ counts: counts(5) }), batch({ id: 'b2', status: 'paused', selfPaused: true, message: 'x' })])).toEqual({
      value: 0.5,
      mode: 'error',
    });
    expect(taskbarProgress([batch({ status: 'paused', selfPaused: true, message: 'x' })])).toEqual({ value: 1, mode: 'error' });
    expect(taskbarProgress([batch({ status: 'finished' }), batch({ id: 'b2', status: 'paused', message: 'Paused by the operator.' })])).toBeNull();
  });
});
