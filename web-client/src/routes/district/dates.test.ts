import { describe, expect, it } from 'vitest';
import { addDays, firstOfNextMonth, inForce, monthOf, percent, todayInChina } from './dates';

describe('district dates', () => {
  it('counts days across months and years', () => {
    expect(addDays('2026-11-30', 3)).toBe('2026-12-03');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(firstOfNextMonth('2026-12-15')).toBe('2027-01-01');
    expect(monthOf('2026-11-30')).toBe('2026-11');
  });
  it('takes today in China time', () => {
    expect(todayInChina(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12-01');
  });
  it('finds the pack in force on a day', () => {
    const history = [
      { packId: 'a', effectiveFrom: '2025-01-01' },
      { packId: 'b', effectiveFrom: '2026-12-01' },
    ];
    expect(inForce(history, '2026-11-30')?.packId).toBe('a');
    expect(inForce(history, '2026-12-01')?.packId).toBe('b');
    expect(inForce(history, '2024-12-31')).toBeUndefined();
  });
  it('formats rates', () => {
    expect(percent(0.4567)).toBe('45.7%');
    expect(percent(null)).toBe('—');
  });
});

describe('dateTimeInChina', () => {
  it('shows instants in China time', async () => {
    const { dateTimeInChina } = await import('./dates');
    expect(dateTimeInChina('2026-11-30T09:23:00Z')).toBe('2026-11-30 17:23');
    expect(dateTimeInChina('2026-11-30T16:05:00+00:00')).toBe('2026-12-01 00:05');
  });
});
