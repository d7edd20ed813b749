import { describe, expect, it } from 'vitest';
import { hoursOf, recentTerms, termLabel, termOf, todayInChina } from './term';

describe('terms', () => {
  it('follows the school year: spring Feb–Jul, autumn Aug–Jan', () => {
    expect(termOf('2026-01-20')).toBe('2025-autumn');
    expect(termOf('2026-02-01')).toBe('2026-spring');
    expect(termOf('2026-07-31')).toBe('2026-spring');
    expect(termOf('2026-08-01')).toBe('2026-autumn');
    expect(termOf('2026-11-30')).toBe('2026-autumn');
  });
  it('lists earlier terms newest first', () => {
    expect(recentTerms('2026-autumn', 4)).toEqual(['2026-autumn', '2026-spring', '2025-autumn', '2025-spring']);
    expect(recentTerms('2026-spring', 2)).toEqual(['2026-spring', '2025-autumn']);
  });
  it('labels terms in both languages', () => {
    expect(termLabel('2026-autumn', 'zh')).toBe('2026年秋季学期');
    expect(termLabel('2026-spring', 'en')).toBe('Spring 2026');
  });
  it('takes today in China time', () => {
    expect(todayInChina(new Date('2026-01-31T17:00:00Z'))).toBe('2026-02-01');
  });
  it('shows minutes as hours', () => {
    expect(hoursOf(90)).toBe('1.5');
    expect(hoursOf(45)).toBe('0.8');
  });
});
