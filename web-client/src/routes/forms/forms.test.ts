import { describe, expect, it } from 'vitest';
import {
  elderPrintPath,
  exportPath,
  formSlug,
  hasPrintView,
  halfYearOf,
  handInOccasions,
  mayUnmask,
  periodLabel,
  reasonProblem,
  recentHalfYears,
  recordPrintPath,
} from './forms';

const words = { month: '{year}年{month}月', firstHalf: '{year}年上半年', secondHalf: '{year}年下半年' };

describe('forms', () => {
  it('names each form of the API as the server paths do', () => {
    expect(formSlug('YUBEI1')).toBe('yubei-1');
    expect(formSlug('JIANGMEN2')).toBe('jiangmen-2');
    expect(formSlug('EMEISHAN1')).toBe('emeishan-1');
    expect(formSlug('NINGBO2')).toBe('ningbo-2');
  });

  it('puts months into their half-years', () => {
    expect(halfYearOf('2026-06')).toBe('2026-H1');
    expect(halfYearOf('2026-07')).toBe('2026-H2');
    expect(recentHalfYears('2026-11', 4)).toEqual(['2026-H2', '2026-H1', '2025-H2', '2025-H1']);
    expect(recentHalfYears('2026-03', 2)).toEqual(['2026-H1', '2025-H2']);
  });

  it('names periods in words', () => {
    expect(periodLabel('2026-11', words)).toBe('2026年11月');
    expect(periodLabel('2026-03', words)).toBe('2026年3月');
    expect(periodLabel('2026-H1', words)).toBe('2026年上半年');
    expect(periodLabel('2026-H2', words)).toBe('2026年下半年');
  });

  it('lists the hand-ins of yubei (June and December) from the next one due', () => {
    // 2026-11-18: December's hand-in of the second half is next.
    expect(handInOccasions([6, 12], '2026-11', 3)).toEqual([
      { month: '2026-12', period: '2026-H2' },
      { month: '2026-06', period: '2026-H1' },
      { month: '2025-12', period: '2025-H2' },
    ]);
    // In June itself June's hand-in is the one due.
    expect(handInOccasions([12, 6], '2026-06', 1)).toEqual([{ month: '2026-06', period: '2026-H1' }]);
    expect(handInOccasions([], '2026-11', 3)).toEqual([]);
  });

  it('lets the office roles unmask, no one else', () => {
    expect(mayUnmask('DISTRICT_ADMIN')).toBe(true);
    expect(mayUnmask('TOWN_ORGANIZER')).toBe(true);
    expect(mayUnmask('VILLAGE_STAFF')).toBe(true);
    expect(mayUnmask('VISITOR')).toBe(false);
    expect(mayUnmask('CITY_ADMIN')).toBe(false);
    expect(mayUnmask(null)).toBe(false);
  });

  it('asks for a reason of at least four characters', () => {
    expect(reasonProblem('  ')).toBe('required');
    expect(reasonProblem('核对')).toBe('tooShort');
    expect(reasonProblem('半年报送')).toBeNull();
  });

  it('builds the paths with the area, period and reason encoded', () => {
    expect(exportPath('yubei-1', '500112001', '2026-H2')).toBe('/exports/yubei-1?area=500112001&period=2026-H2');
    expect(exportPath('yubei-2', '500112', null, ' 核对 信息 ')).toBe(
      `/exports/yubei-2?area=500112&reason=${encodeURIComponent('核对 信息')}`,
    );
    expect(elderPrintPath('e1', 'yubei-2')).toBe('/elders/e1/print/yubei-2');
    expect(elderPrintPath('e1', 'yubei-2', '半年报送')).toBe(`/elders/e1/print/yubei-2?reason=${encodeURIComponent('半年报送')}`);
    expect(recordPrintPath('r1', 'linzi-2')).toBe('/records/r1/print/linzi-2');
    expect(exportPath('yubei-1', '500112001', '2026-11', null, 'html')).toBe('/exports/yubei-1?area=500112001&period=2026-11&format=html');
  });

  it('offers the page to print for the forms that are one table only', () => {
    expect(['yubei-1', 'linzi-1', 'jiangmen-1', 'ningbo-2'].every(hasPrintView)).toBe(true);
    expect(['yubei-2', 'jiangmen-2', 'half-year'].some(hasPrintView)).toBe(false);
  });
});
