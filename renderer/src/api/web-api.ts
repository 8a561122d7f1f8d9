/**
 * `window.simfleet` for the loopback test host: the same contract over HTTP + SSE.
 * The host's per-run token comes from the page's own address and travels in a header
 * (never a cookie: cookies ignore ports, so every local server would receive it).
 */
import { events, methodNames, type SimFleetApi } from '../../../preload/contract';

/**
 * The token the page was opened with (in its address, or in the page a launch code opened);
 * kept for reloads in this tab only (sessionStorage is per origin and port), and taken out of
 * the address bar at once, so it is not left in view (a launch code left in history is spent).
 */
function hostToken(): string {
  const params = new URLSearchParams(window.location.search);
  const meta = document.querySelector<HTMLMetaElement>('meta[name="simfleet-session"]');
  const given = params.get('token') ?? meta?.content ?? null;
  meta?.remove();
  if (params.has('token') || params.has('launch')) window.history.replaceState(null, '', window.location.pathname);
  if (given) {
    window.sessionStorage.setItem('simfleet-host-token', given);
    return given;
  }
  return window.sessionStorage.getItem('simfleet-host-token') ?? '';
}

export function createWebApi(): SimFleetApi {
  const token = hostToken();
  const api: Record<string, Record<string, unknown>> = {};
  for (const [ns, name] of methodNames()) {
    api[ns] ??= {};
    api[ns][name] = async (payload: unknown) => {
      try {
        const response = await fetch(`/api/call/${ns}/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-simfleet-token': token },
          credentials: 'omit',
          body: JSON.stringify({ payload }),
        });
        if (!response.ok) {
          return { ok: false, error: { code: 'host_unavailable', message: `The SimFleet host refused the call (${response.status}). Reload the page.` } };
        }
        return (await response.json()) as unknown;
      } catch {
        return { ok: false, error: { code: 'host_unavailable', message: 'The SimFleet host is not reachable. Is `npm run dev:web` still running?' } };
      }
    };
  }

  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;
  const connect = (): void => {
    if (source) return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (message: MessageEvent<string>) => {
      const { name, payload } = JSON.parse(message.data) as { name: string; payload: unknown };
      for (const listener of listeners.get(name) ?? []) listener(payload);
    };
  };
  const subscribers: Record<string, unknown> = {};
  for (const name of Object.keys(events)) {
    subscribers[name] = (listener: (payload: unknown) => void) => {
      connect();
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    };
  }
  api['events'] = subscribers;
  return api as unknown as SimFleetApi;
}
