/**
 * Hardening applied to every webContents and session: no navigation away from the
 * app, no new windows, no webviews, no permissions. Written against tiny structural
 * types so unit tests can drive it with fakes.
 */
import { APP_ORIGIN } from './window-options';

/** Hosts `shell.openExternal` may open (https only); add to it deliberately. */
export const EXTERNAL_ALLOWLIST: readonly string[] = ['docs.telegent.com'];

/** Whether a link may be opened in the system browser. */
export function isAllowedExternalUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && EXTERNAL_ALLOWLIST.includes(url.hostname);
}

/** Whether an IPC message comes from our own renderer (not a stray frame or remote page). */
export function isTrustedSenderUrl(text: string | undefined | null): boolean {
  if (!text) return false;
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of WebContents the hardening touches. */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Blocks navigation, redirects, webviews and window.open; allowlisted https links go to the system browser. */
export function hardenContents(contents: HardenableContents, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/** The parts of Session the hardening touches. */
export interface HardenableSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void, details?: { readonly requestingUrl?: string }) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean): void;
}

/**
 * Denies every permission request and check (camera, geolocation, clipboard, ...), except
 * notifications for SimFleet's own page: a batch that pauses itself while the window is
 * behind another says so on the desktop (docs/batches.md, "Heard anywhere").
 */
export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permission === 'notifications' && isTrustedSenderUrl(details?.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permission === 'notifications' && isTrustedSenderUrl(requestingOrigin));
}
