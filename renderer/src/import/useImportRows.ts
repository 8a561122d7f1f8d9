/**
 * An import's rows, a page at a time: main holds the list (2.4 million rows would not
 * fit in the renderer), the table asks for what it shows. Pages are kept until the
 * import changes (its revision), the filter or the search; after an Include toggle the
 * old pages stay on screen until the new ones arrive, so nothing flashes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportFilter, ImportRow, ImportView } from '../../../preload/views';
import { api } from '../api';

const PAGE = 200;

export interface ImportRows {
  /** Rows the filter and search keep (null until the first page answers a search). */
  readonly total: number | null;
  readonly rowAt: (index: number) => ImportRow | undefined;
  readonly onRange: (start: number, end: number) => void;
  readonly error: string | null;
}

interface Pages {
  readonly key: string;
  readonly query: string;
  readonly fresh: Map<number, readonly ImportRow[]>;
  readonly stale: ReadonlyMap<number, readonly ImportRow[]>;
  readonly asked: Set<number>;
  total: number | null;
}

export function useImportRows(view: ImportView, filter: ImportFilter, search: string): ImportRows {
  const query = `${view.id}\u0000${filter}\u0000${search}`;
  const key = `${query}\u0000${view.revision}`;
  const pages = useRef<Pages | null>(null);
  if (pages.current?.key !== key) {
    const before = pages.current;
    // Same list, filter and search, newer revision: the old rows stand in until replaced.
    const stale = before && before.query === query ? new Map([...before.stale, ...before.fresh]) : new Map<number, readonly ImportRow[]>();
    pages.current = { key, query, fresh: new Map(), stale, asked: new Set(), total: before && before.query === query ? before.total : null };
  }
  const [, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const fetchPage = useCallback(
    (page: number) => {
      const mine = pages.current!;
      if (mine.asked.has(page)) return;
      mine.asked.add(page);
      void api.imports.rows({ id: view.id, filter, search, offset: page * PAGE, limit: PAGE }).then((result) => {
        if (pages.current !== mine) return;
        if (!result.ok) {
          mine.asked.delete(page);
          setError(result.error.message);
          return;
        }
        setError(null);
        mine.fresh.set(page, result.value.rows);
        mine.total = result.value.total;
        setVersion((v) => v + 1);
      });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new key makes new pages; fetchPage reads them through the ref
    [key],
  );

  useEffect(() => fetchPage(0), [fetchPage]);

  const onRange = useCallback(
    (start: number, end: number) => {
      for (let page = Math.floor(start / PAGE); page <= Math.floor(Math.max(start, end - 1) / PAGE); page++) fetchPage(page);
    },
    [fetchPage],
  );
  const current = pages.current;
  const rowAt = (index: number): ImportRow | undefined => {
    const page = Math.floor(index / PAGE);
    return (current.fresh.get(page) ?? current.stale.get(page))?.[index % PAGE];
  };
  return { total: search === '' ? view.counts[filter] : current.total, rowAt, onRange, error };
}
