import { describe, expect, it } from 'vitest';
import { parseBody, photoPath } from './record';
import { organizerZh } from './messages';
import { organizerEn } from './messages.en';
import { currentMonth, formatBothRates, formatRate } from './util';

describe('organizer helpers', () => {
  it('reads a record body', () => {
    expect(parseBody('{"health":{"illnessName":"高血压"}}')).toEqual({ health: { illnessName: '高血压' } });
    expect(parseBody('not json')).toEqual({});
    expect(photoPath('ab12')).toBe('/photos/ab12');
  });

  it('formats rates and the district month', () => {
    expect(formatRate(1 / 60)).toBe('1.7%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(null)).toBe('—');
    // Both rates, each named: the strict one first, then the share with any contact.
    expect(formatBothRates(organizerZh, { visitRate: 0.8, contactRate: 0.95 })).toBe('月探访率 80.0%\u3000探访覆盖率 95.0%');
    expect(formatBothRates(organizerZh, { visitRate: null, contactRate: null })).toBe('月探访率 —\u3000探访覆盖率 —');
    expect(formatBothRates(organizerEn, { visitRate: 1 / 3, contactRate: 2 / 3 })).toBe('Visit rate 33.3%\u3000Contact rate 66.7%');
    // 2026-11-30 17:00 UTC is already December in Beijing.
    expect(currentMonth(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12');
    expect(currentMonth(new Date('2026-11-30T15:00:00Z'))).toBe('2026-11');
  });
});
