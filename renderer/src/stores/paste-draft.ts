/**
 * The text in Import's paste box, kept while the operator looks at another screen or
 * starts scan mode (docs/import.md, "No lost work"): a list pasted and not yet checked
 * is work too. It goes once the list is checked (the preview keeps it from then on).
 */
import { useSyncExternalStore } from 'react';

let draft = '';
const listeners = new Set<() => void>();

export const pasteDraft = {
  get: (): string => draft,
  set(text: string): void {
    draft = text;
    listeners.forEach((listener) => listener());
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function usePasteDraft(): readonly [string, (text: string) => void] {
  return [useSyncExternalStore(pasteDraft.subscribe, pasteDraft.get), pasteDraft.set];
}
