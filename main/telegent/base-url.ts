/**
 * The API base URL must be https; plain http is allowed only on loopback, where the
 * practice simulator lives. Secrets are never sent in clear text over a network.
 */
import { PRODUCTION_API_URL } from '../../preload/constants';

export type BaseUrlCheck = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly message: string };

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Practice talks only to a simulator on this computer (docs/security.md, "Security
 * decisions"): a URL that passed `checkBaseUrl`, in plain http on a loopback address. A
 * simulator on another computer is reached through a tunnel (docs/fleet.md). The one home
 * of this rule: Settings, `--api-base` and the account commands all ask here.
 */
export function isPracticeSimulatorUrl(checkedUrl: string): boolean {
  const url = new URL(checkedUrl);
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** Normalises a base URL (no trailing slash, no `/v1.0`, no query) or says what is wrong with it. */
export function checkBaseUrl(text: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, message: `"${text}" is not a URL. Use ${PRODUCTION_API_URL}.` };
  }
  if (url.username || url.password) return { ok: false, message: 'The API URL must not contain a user name or password.' };
  if (url.search || url.hash) return { ok: false, message: 'The API URL must not contain a query string or fragment.' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      message: `The API URL must use https (got ${url.protocol}//${url.host}); plain http is only allowed for the simulator on this computer.`,
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: `The API URL must use https (got ${url.protocol}).` };
  let path = url.pathname.replace(/\/+$/, '');
  // The documented paths already start with /v1.0; a base ending in it would double it.
  if (/\/v1\.0$/i.test(path)) path = path.slice(0, -5);
  return { ok: true, url: `${url.protocol}//${url.host}${path}` };
}
