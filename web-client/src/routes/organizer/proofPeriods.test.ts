import { describe, expect, it } from 'vitest';
import { presetPeriod, termBounds } from './proofPeriods';

describe('the periods a proof may be issued for', () => {
  it('bounds a term as the schools count it', () => {
    expect(termBounds('2026-spring')).toEqual({ from: '2026-02-01', to: '2026-07-31' });
    expect(termBounds('2026-autumn')).toEqual({ from: '2026-08-01', to: '2027-01-31' });
  });

  it('runs this year and this term to today, and gives the last term whole', () => {
    expect(presetPeriod('thisYear', '2026-11-18')).toEqual({ from: '2026-01-01', to: '2026-11-18' });
    expect(presetPeriod('thisTerm', '2026-11-18')).toEqual({ from: '2026-08-01', to: '2026-11-18' });
    expect(presetPeriod('lastTerm', '2026-11-18')).toEqual({ from: '2026-02-01', to: '2026-07-31' });
    // In January the autumn term of the year before is still this term.
    expect(presetPeriod('thisTerm', '2027-01-10')).toEqual({ from: '2026-08-01', to: '2027-01-10' });
    expect(presetPeriod('lastTerm', '2026-03-05')).toEqual({ from: '2025-08-01', to: '2026-01-31' });
    expect(presetPeriod('custom', '2026-11-18')).toBeNull();
  });
});
