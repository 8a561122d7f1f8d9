import { describe, expect, it } from 'vitest';
import type { Result } from '../../preload/views';
import { createLiveValue } from '../../renderer/src/stores/live-value';
import { runningProgress } from '../../preload/batch-progress';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('a live value (renderer stores)', () => {
  it('is fetched once for every reader, then kept by its event; a reply older than the event is dropped', async () => {
    const replies: Array<ReturnType<typeof deferred<Result<string>>>> = [];
    let push: ((value: string) => void) | null = null;
    const store = createLiveValue(
      () => {
        const d = deferred<Result<string>>();
        replies.push(d);
        return d.promise;
      },
      (listener) => {
        push = listener;
        return () => (push = null);
      },
    );
    let heard = 0;
    store.subscribe(() => (heard += 1));
    store.subscribe(() => undefined);
    expect(replies).toHaveLength(1);
    expect(store.snapshot()).toEqual({ state: 'loading' });
    push!('joined');
    replies[0]!.resolve({ ok: true, value: 'alone (old)' });
    await flush();
    expect(store.snapshot()).toEqual({ state: 'ready', value: 'joined' });
    expect(heard).toBe(1);
  });

  it('keeps the value on screen when a refresh fails, and shows the error only when there is no value', async () => {
    let answer: Result<number> = { ok: false, error: { code: 'x', message: 'main is away' } };
    const store = createLiveValue(async () => answer);
    store.subscribe(() => undefined);
    await flush();
    expect(store.snapshot()).toEqual({ state: 'error', error: { code: 'x', message: 'main is away' } });
    answer = { ok: true, value: 3 };
    store.refresh();
    await flush();
    const shown = store.snapshot();
    expect(shown).toEqual({ state: 'ready', value: 3 });
    answer = { ok: false, error: { code: 'x', message: 'main is away' } };
    store.refresh();
    await flush();
    expect(store.snapshot()).toBe(shown);
  });
});

describe('running progress (title, badge and taskbar)', () => {
  const batch = (name: string, status: 'running' | 'paused', provisioned: number, total: number) =>
    ({ name, status, total, counts: { provisioned } }) as unknown as Parameters<typeof runningProgress>[0] extends Iterable<infer B> ? B : never;

  it('counts every running batch, rounds down, and names one batch or says how many', () => {
    expect(runningProgress([batch('a', 'paused', 1, 2)])).toBeNull();
    expect(runningProgress([batch('a', 'running', 199, 200)])).toEqual({ fraction: 0.995, percent: 99, what: 'a' });
    expect(runningProgress([batch('a', 'running', 1, 4), batch('b', 'running', 3, 4), batch('c', 'paused', 0, 9)])).toEqual({
      fraction: 0.5,
      percent: 50,
      what: '2 batches',
    });
  });
});
