/**
 * Lists the server gives a page at a time with `first` and `after` (the `id` of the last item
 * seen), such as `visitSlots`: a page shorter than `first` is the last.
 */

/** Loads every page in order, asking `page(after)` until a page comes back shorter than `pageSize`. */
export async function allPages<TItem extends { id: string }>(
  page: (after: string | null) => Promise<TItem[]>,
  pageSize: number,
): Promise<TItem[]> {
  const items: TItem[] = [];
  let after: string | null = null;
  for (;;) {
    const got = await page(after);
    items.push(...got);
    const last = got[got.length - 1];
    if (got.length < pageSize || !last) return items;
    after = last.id;
  }
}
