/**
 * The app:// handler as a plain function (Request -> Response) so it can be tested
 * without Electron: only host `simfleet`, only GET, only files inside the built
 * renderer, always with the strict CSP.
 */
import { readFile } from 'node:fs/promises';
import { contentTypeFor, RENDERER_CSP, resolveRendererPath } from '../renderer-files/resolve';

export const APP_SCHEME = 'app';
export const APP_HOST = 'simfleet';

export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    if (request.method !== 'GET') return new Response('Method not allowed', { status: 405 });
    const file = resolveRendererPath(rendererDir, url.pathname);
    if (file === null) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': contentTypeFor(file),
          'content-security-policy': RENDERER_CSP,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  };
}
