import { describe, expect, it } from 'vitest';
import { mayRelease } from './SchedulePage';

describe('退回', () => {
  it('is offered until the day before the window opens, as the server allows', () => {
    expect(mayRelease('2026-12-07', '2026-12-06')).toBe(true);
    expect(mayRelease('2026-12-07', '2026-12-07')).toBe(false);
    expect(mayRelease('2026-12-01', '2026-12-07')).toBe(false);
  });
});
