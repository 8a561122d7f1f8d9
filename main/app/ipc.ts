/**
 * Registers one IPC handler per contract method (never a generic channel) and
 * forwards contract events to the window. Sender is checked before dispatch, and
 * dispatch validates the payload.
 */
import { eventChannel, methodChannel, methodNames } from '../../preload/contract';
import { type Result } from '../../preload/views';
import type { Dispatch } from '../bridge/dispatch';
import type { EventBus } from '../bridge/event-bus';
import { isTrustedSenderUrl } from './security';

interface InvokeEvent {
  readonly senderFrame: { readonly url: string } | null;
}

/** The parts of ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, payload: unknown) => Promise<Result<unknown>>): void;
}

export function registerIpc(ipcMain: IpcMainLike, dispatch: Dispatch, events: EventBus, send: (channel: string, payload: unknown) => void): () => void {
  for (const [ns, name] of methodNames()) {
    ipcMain.handle(methodChannel(ns, name), async (event, payload) => {
      if (!isTrustedSenderUrl(event.senderFrame?.url)) {
        return { ok: false, error: { code: 'forbidden', message: 'This window may not call SimFleet services.' } };
      }
      return dispatch(ns, name, payload);
    });
  }
  return events.subscribe((name, payload) => send(eventChannel(name), payload));
}
