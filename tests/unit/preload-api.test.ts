import { describe, expect, it } from 'vitest';
import { buildApi } from '../../preload/build-api';
import { contract, eventChannel, events, methodChannel } from '../../preload/contract';
import { registerIpc } from '../../main/app/ipc';
import { createEventBus } from '../../main/bridge/event-bus';

describe('preload API', () => {
  it('exposes exactly one named function per contract method and one subscriber per event', () => {
    const calls: Array<[string, unknown]> = [];
    const api = buildApi({
      invoke: async (c, p) => {
        calls.push([c, p]);
        return { ok: true, value: null };
      },
      on: () => () => {},
    });
    const shape = Object.fromEntries(Object.entries(api).map(([k, v]) => [k, Object.keys(v).sort()]));
    const expected = {
      ...Object.fromEntries(Object.entries(contract).map(([k, v]) => [k, Object.keys(v).sort()])),
      events: Object.keys(events).sort(),
    };
    expect(shape).toEqual(expected);
    expect(Object.keys(api)).not.toContain('invoke');
    void api.settings.get();
    expect(calls).toEqual([[methodChannel('settings', 'get'), undefined]]);
  });

  it('delivers events by name and unsubscribes', () => {
    const handlers = new Map<string, (p: unknown) => void>();
    const api = buildApi({
      invoke: async () => null,
      on: (c, l) => {
        handlers.set(c, l);
        return () => handlers.delete(c);
      },
    });
    const seen: unknown[] = [];
    const off = api.events.environmentChanged((p) => seen.push(p));
    handlers.get(eventChannel('environmentChanged'))!({ environment: 'practice' });
    expect(seen).toHaveLength(1);
    off();
    expect(handlers.size).toBe(0);
  });
});

describe('IPC registration', () => {
  it('registers one handler per method and refuses senders outside app://simfleet', async () => {
    const handlers = new Map<string, (e: { senderFrame: { url: string } | null }, p: unknown) => Promise<unknown>>();
    const dispatched: string[] = [];
    registerIpc(
      { handle: (channel, listener) => handlers.set(channel, listener) },
      async (ns, m) => {
        dispatched.push(`${ns}.${m}`);
        return { ok: true, value: 1 };
      },
      createEventBus(),
      () => {},
    );
    expect([...handlers.keys()].sort()).toEqual(
      Object.entries(contract)
        .flatMap(([ns, ms]) => Object.keys(ms).map((m) => methodChannel(ns, m)))
        .sort(),
    );
    const channel = methodChannel('app', 'info');
    expect(await handlers.get(channel)!({ senderFrame: { url: 'https://evil.example/' } }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await handlers.get(channel)!({ senderFrame: null }, undefined)).toMatchObject({ ok: false });
    expect(dispatched).toEqual([]);
    expect(await handlers.get(channel)!({ senderFrame: { url: 'app://simfleet/index.html' } }, undefined)).toEqual({ ok: true, value: 1 });
    expect(dispatched).toEqual(['app.info']);
  });

  it('forwards bus events to the window on their own channel', () => {
    const bus = createEventBus();
    const sent: Array<[string, unknown]> = [];
    registerIpc(
      { handle: () => {} },
      async () => ({ ok: true, value: null }),
      bus,
      (c, p) => sent.push([c, p]),
    );
    const status = { environment: 'practice', apiBaseUrl: 'x', connection: 'simulator-running', simulator: 'built-in', dataDir: '/d' } as const;
    bus.emit('environmentChanged', status);
    expect(sent).toEqual([[eventChannel('environmentChanged'), status]]);
  });
});
