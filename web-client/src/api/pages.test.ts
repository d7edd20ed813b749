import { describe, expect, it } from 'vitest';
import { allPages } from './pages';

const items = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: `s${from + i}` }));

describe('allPages', () => {
  it('asks after the last item of each full page until a short page', async () => {
    const asked: (string | null)[] = [];
    const pages = [items(0, 2), items(2, 2), items(4, 1)];
    const all = await allPages(async (after) => {
      asked.push(after);
      return pages[asked.length - 1] ?? [];
    }, 2);
    expect(all.map((s) => s.id)).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(asked).toEqual([null, 's1', 's3']);
  });

  it('stops at an empty page when the list fills its pages exactly', async () => {
    const asked: (string | null)[] = [];
    const pages = [items(0, 2), []];
    const all = await allPages(async (after) => {
      asked.push(after);
      return pages[asked.length - 1] ?? [];
    }, 2);
    expect(all).toHaveLength(2);
    expect(asked).toEqual([null, 's1']);
  });
});
