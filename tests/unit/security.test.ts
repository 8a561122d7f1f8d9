import { describe, expect, it, vi } from 'vitest';
import { hardenContents, hardenSession, isAllowedExternalUrl, isTrustedSenderUrl, type HardenableContents } from '../../main/app/security';

function fakeContents() {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  const contents = {
    on: (event: string, listener: (...args: unknown[]) => void) => listeners.set(event, listener),
    setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => {
      openHandler = h;
    },
  } as unknown as HardenableContents;
  const fire = (event: string, url?: string) => {
    const e = { preventDefault: vi.fn() };
    listeners.get(event)!(e, url);
    return e.preventDefault.mock.calls.length > 0;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('webContents hardening', () => {
  it('blocks navigation and redirects away from app://simfleet', () => {
    const f = fakeContents();
    hardenContents(f.contents, () => {});
    expect(f.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(f.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(f.fire('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(f.fire('will-navigate', 'app://simfleet/index.html')).toBe(false);
    expect(f.fire('will-navigate', 'app://simfleet.evil/index.html')).toBe(true);
  });

  it('blocks webviews', () => {
    const f = fakeContents();
    hardenContents(f.contents, () => {});
    expect(f.fire('will-attach-webview')).toBe(true);
  });

  it('denies window.open, sending only allowlisted https links to the system browser', () => {
    const f = fakeContents();
    const opened: string[] = [];
    hardenContents(f.contents, (url) => opened.push(url));
    expect(f.open('https://docs.telegent.com/quick-start-guide')).toEqual({ action: 'deny' });
    expect(f.open('http://docs.telegent.com/')).toEqual({ action: 'deny' });
    expect(f.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(f.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.telegent.com/quick-start-guide']);
  });

  it('denies every permission request and check, but notifications for SimFleet’s own page', () => {
    let request: ((c: unknown, p: string, cb: (g: boolean) => void, d?: { requestingUrl?: string }) => void) | null = null;
    let check: ((c: unknown, p: string, o: string) => boolean) | null = null;
    hardenSession({
      setPermissionRequestHandler: (h) => {
        request = h;
      },
      setPermissionCheckHandler: (h) => {
        check = h;
      },
    });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn();
      request!(null, permission, cb, { requestingUrl: 'https://evil.example/' });
      expect(cb).toHaveBeenCalledWith(false);
      expect(check!(null, permission, 'https://evil.example')).toBe(false);
    }
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn();
      request!(null, permission, cb, { requestingUrl: 'app://simfleet/index.html' });
      expect(cb).toHaveBeenCalledWith(false);
      expect(check!(null, permission, 'app://simfleet')).toBe(false);
    }
    const granted = vi.fn();
    request!(null, 'notifications', granted, { requestingUrl: 'app://simfleet/index.html' });
    expect(granted).toHaveBeenCalledWith(true);
    expect(check!(null, 'notifications', 'app://simfleet')).toBe(true);
  });
});

describe('url checks', () => {
  it('trusts IPC only from app://simfleet frames', () => {
    expect(isTrustedSenderUrl('app://simfleet/index.html')).toBe(true);
    expect(isTrustedSenderUrl('app://simfleet.evil/index.html')).toBe(false);
    expect(isTrustedSenderUrl('https://simfleet/')).toBe(false);
    expect(isTrustedSenderUrl('file:///index.html')).toBe(false);
    expect(isTrustedSenderUrl('')).toBe(false);
    expect(isTrustedSenderUrl(undefined)).toBe(false);
  });

  it('opens externally only parsed https URLs on the allowlist, without credentials', () => {
    expect(isAllowedExternalUrl('https://docs.telegent.com/x')).toBe(true);
    expect(isAllowedExternalUrl('https://user:pw@docs.telegent.com/x')).toBe(false);
    expect(isAllowedExternalUrl('https://docs.telegent.com.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('not a url')).toBe(false);
  });
});
