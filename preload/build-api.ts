/**
 * Builds the named-method object the renderer sees, from the contract alone.
 * Kept apart from `index.ts` so it can be unit-tested without Electron.
 */
import { eventChannel, events, methodChannel, methodNames, type SimFleetApi } from './contract';

/** The two IPC primitives the API needs; Electron's ipcRenderer provides both. */
export interface IpcLike {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: (payload: unknown) => void): () => void;
}

/** One function per declared method and one subscriber per declared event; nothing generic leaks out. */
export function buildApi(ipc: IpcLike): SimFleetApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const [ns, name] of methodNames()) {
    const channel = methodChannel(ns, name);
    api[ns] ??= {};
    api[ns][name] = (request: unknown) => ipc.invoke(channel, request);
  }
  const subscribers: Record<string, unknown> = {};
  for (const name of Object.keys(events)) {
    const channel = eventChannel(name);
    subscribers[name] = (listener: (payload: unknown) => void) => ipc.on(channel, listener);
  }
  api['events'] = subscribers;
  return api as unknown as SimFleetApi;
}
