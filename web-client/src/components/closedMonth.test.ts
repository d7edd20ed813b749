import { describe, expect, it } from 'vitest';
import { closedMonthEn } from './closedMonthMessages.en';
import { format } from '../i18n/lang';
import { closedMonthZh } from './closedMonthMessages';
import { areaNames, byElder, districtTime, howText, kindText, outcomeChange, outcomeText, shownCount } from './closedMonth';

describe('closed month', () => {
  it('writes the moment the figures are known at in district time, a deadline at midnight as 24:00', () => {
    // The end of 5 November in Beijing: the default reporting deadline of October.
    expect(districtTime('2026-11-05T16:00:00Z')).toBe('2026-11-05 24:00');
    expect(format(closedMonthZh.reported, { at: districtTime('2026-11-05T16:00:00Z') })).toBe('已报送（截至 2026-11-05 24:00）');
    // A year's last deadline-midnight stays in the year it ends.
    expect(districtTime('2026-12-31T16:00:00Z')).toBe('2026-12-31 24:00');
    // An admin's close at any other moment (the server keeps sub-second digits).
    expect(districtTime('2026-11-03T02:05:09.123456789Z')).toBe('2026-11-03 10:05');
    expect(districtTime('2026-11-05T16:00:00.5Z')).toBe('2026-11-06 00:00');
    expect(districtTime('2026-11-05T16:00:30Z')).toBe('2026-11-06 00:00');
    expect(districtTime('not a time')).toBe('not a time');
  });

  it('names the areas from the reported lists and those of now', () => {
    const names = areaNames(
      { code: '500199', name: '示范区' },
      [],
      [{ code: '500199001', name: '双凤街道' }],
      [{ code: '500199001002', name: '桂湖社区' }],
      null,
      undefined,
    );
    expect(names.get('500199001002')).toBe('桂湖社区');
    expect(names.get('500199001')).toBe('双凤街道');
    expect(names.get('500199')).toBe('示范区');
    // Unknown codes have no name: the village is then left out, never shown as a code.
    expect(names.get('500199003008')).toBeUndefined();
    // An area without a name is not named by its empty string.
    expect(areaNames([{ code: '1', name: '' }]).has('1')).toBe(false);
  });

  it('shows an elder’s result as reported, then now', () => {
    expect(outcomeChange(closedMonthZh, '达标', '未达标')).toBe('达标 → 未达标');
    expect(outcomeChange(closedMonthZh, '不计入', '达标')).toBe('不计入 → 达标');
    expect(outcomeChange(closedMonthEn, '达标', '不计入')).toBe('met → not counted');
    // A word the client does not know is shown as the server wrote it.
    expect(outcomeText(closedMonthEn, '部分达标')).toBe('部分达标');
  });

  it('keeps the server’s Chinese words in Chinese and translates the known ones', () => {
    expect(howText(closedMonthZh, 'zh', '报送截止自动关账')).toBe('报送截止自动关账');
    expect(howText(closedMonthEn, 'en', '报送截止自动关账')).toBe('Closed at the reporting deadline');
    expect(howText(closedMonthEn, 'en', '区级管理员关账')).toBe('Closed by a district admin');
    expect(howText(closedMonthEn, 'en', '其他')).toBe('其他');
    const c = { kind: 'BACKDATED_FACT' as const, kindLabel: '截止后录入的回溯事实变更' };
    expect(kindText(closedMonthZh, 'zh', c)).toBe('截止后录入的回溯事实变更');
    expect(kindText(closedMonthEn, 'en', c)).toBe('Back-dated fact change recorded after the deadline');
  });

  it('lists the corrections by elder, in the order their first one was recorded', () => {
    const c = (elderId: string, what: string) => ({ elderId, elderName: `老人${elderId}`, villageCode: 'v', reported: '未达标', now: '达标', what });
    const groups = byElder([c('b', '1'), c('a', '2'), c('b', '3')]);
    expect(groups.map((g) => g.elderId)).toEqual(['b', 'a']);
    expect(groups[0]!.items.map((i) => i.what)).toEqual(['1', '3']);
    expect(groups[0]).toMatchObject({ elderName: '老人b', reported: '未达标', now: '达标' });
    expect(byElder([])).toEqual([]);
  });

  it('shows long lists a page at a time', () => {
    expect(shownCount(5, 0)).toBe(5);
    expect(shownCount(5900, 0)).toBe(20);
    expect(shownCount(5900, 1)).toBe(70);
    expect(shownCount(75, 2)).toBe(75);
  });
});
