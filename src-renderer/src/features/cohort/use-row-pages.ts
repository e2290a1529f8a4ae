import { useCallback, useEffect, useRef, useState } from 'react';
import type { CohortRow, EchoingClient, RequestOf } from '../../../../src-main/contract/index';

export const PAGE_SIZE = 100;

type RowsRequest = Omit<RequestOf<'cohort:rows'>, 'offset' | 'limit'>;

interface Page {
  key: string;
  rows: CohortRow[];
}

/**
 * Rows fetched page by page as they scroll into view (the table renders only what is visible, so a cohort of
 * any size costs a few pages of memory). Pages are tagged with the query and revision they answer; stale ones
 * stay on screen until their fresh replacement arrives, so a running import does not make the table flicker.
 */
export function useRowPages(client: EchoingClient, query: RowsRequest, revision: number) {
  const queryKey = JSON.stringify(query);
  const key = `${queryKey}#${revision}`;
  const [total, setTotal] = useState(0);
  const [pages, setPages] = useState<Map<number, Page>>(new Map());
  const inFlight = useRef(new Set<string>());

  const load = useCallback(
    (page: number) => {
      const tag = `${key}@${page}`;
      if (inFlight.current.has(tag)) return;
      inFlight.current.add(tag);
      const request = JSON.parse(queryKey) as RowsRequest;
      void client.invoke('cohort:rows', { ...request, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then((r) => {
        inFlight.current.delete(tag);
        if (!r.ok) return;
        setTotal(r.value.total);
        setPages((m) => {
          // A new query drops every page of the old one; a new revision only replaces pages as they come.
          const next = new Map([...m].filter(([, p]) => p.key.split('#')[0] === queryKey));
          return next.set(page, { key, rows: r.value.rows });
        });
      });
    },
    [client, key, queryKey],
  );

  useEffect(() => load(0), [load]);

  /** Asks for the pages covering rows [first, last] that are missing or out of date. */
  const ensure = useCallback(
    (first: number, last: number) => {
      for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p += 1) if (pages.get(p)?.key !== key) load(p);
    },
    [key, load, pages],
  );
  const rowAt = (i: number): CohortRow | undefined => {
    const page = pages.get(Math.floor(i / PAGE_SIZE));
    return page && page.key.split('#')[0] === queryKey ? page.rows[i % PAGE_SIZE] : undefined;
  };
  return { total, rowAt, ensure };
}
