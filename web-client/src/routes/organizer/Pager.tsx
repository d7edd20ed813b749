import { useState } from 'react';
import { Button } from '../../components/Button';
import { useT } from '../../i18n';
import './messages';

/**
 * Cursor paging of a connection, a page at a time with 上一页 and 下一页: `after` is what the
 * query asks with; the cursors of the pages before are kept to go back.
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | null)[]>([]);
  const [after, setAfter] = useState<string | null>(null);
  return {
    after,
    /** Which page is shown, from 1. */
    page: cursors.length + 1,
    hasPrev: cursors.length > 0,
    prev: () => {
      setAfter(cursors[cursors.length - 1] ?? null);
      setCursors(cursors.slice(0, -1));
    },
    next: (endCursor: string | null | undefined) => {
      setCursors([...cursors, after]);
      setAfter(endCursor ?? null);
    },
    /** Back to the first page (a new filter). */
    reset: () => {
      setCursors([]);
      setAfter(null);
    },
  };
}

/** 上一页 · n / m · 下一页 under a paged table. */
export function Pager({
  pages,
  totalCount,
  pageSize,
  hasNextPage,
  endCursor,
  loading,
}: {
  pages: ReturnType<typeof useCursorPages>;
  totalCount: number;
  pageSize: number;
  hasNextPage: boolean;
  endCursor: string | null | undefined;
  loading: boolean;
}) {
  const t = useT();
  return (
    <div className="org-pager">
      <Button variant="secondary" disabled={!pages.hasPrev || loading} onClick={pages.prev}>
        {t.organizer.prev}
      </Button>
      <span className="org-muted">
        {pages.page} / {Math.max(1, Math.ceil(totalCount / pageSize))}
      </span>
      <Button variant="secondary" disabled={!hasNextPage || loading} onClick={() => pages.next(endCursor)}>
        {t.organizer.next}
      </Button>
    </div>
  );
}
