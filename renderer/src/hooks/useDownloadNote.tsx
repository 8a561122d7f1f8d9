/**
 * Every download says where the file went. The desktop app saves it in Downloads and
 * reports the path (the `downloadSaved` event), with a button to show it in its folder;
 * in a browser (the test host) the browser keeps it in its own downloads. The note is about
 * one thing (`about`: the batch, the import): when the screen shows another, it goes.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { api } from '../api';
import { useAppInfo } from '../stores';

type Note = { readonly fileName: string; readonly path: string | null };

export function useDownloadNote(about: string | null): { readonly note: ReactNode; readonly downloaded: (fileName: string) => void } {
  const [note, setNote] = useState<Note | null>(null);
  useEffect(() => setNote(null), [about]);
  const info = useAppInfo();
  const desktop = info.state === 'ready' && info.value.host === 'electron';
  useEffect(() => {
    return api.events.downloadSaved(({ fileName, path }) => setNote((n) => (n && n.fileName === fileName && n.path === null ? { fileName, path } : n)));
  }, []);
  const downloaded = useCallback((fileName: string) => setNote({ fileName, path: null }), []);
  const shown =
    note === null ? null : note.path !== null ? (
      <p role="status" className="download-note">
        Saved <span className="mono">{note.path}</span>{' '}
        <button type="button" className="button button-small" onClick={() => void api.app.showInFolder({ path: note.path! })}>
          Show in folder
        </button>
      </p>
    ) : (
      <p role="status" className="download-note">
        {desktop ? `Saving ${note.fileName} in your Downloads folder…` : `Saved as ${note.fileName} in your browser’s downloads folder.`}
      </p>
    );
  return { note: shown, downloaded };
}
