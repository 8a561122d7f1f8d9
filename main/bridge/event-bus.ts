/** Typed fan-out of main-process events to whichever surfaces are attached (IPC, test host). */
import type { EventName, EventPayload } from '../../preload/contract';

export type EventListener = (name: EventName, payload: unknown) => void;

/** Emits contract events; surfaces subscribe to forward them. */
export interface EventBus {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(name, payload) {
      for (const listener of listeners) listener(name, payload);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
