import { describe, expect, it } from 'vitest';
import type { FactField } from '../../gql/graphql';
import { changeEntries, FACT_ORDER, factText, spanEntries, type FactValue } from './facts';
import { districtToday } from './util';

/** The 13 facts of a file, as the API words them, with some values replaced. */
function values(over: Partial<Record<FactField, string>> = {}): FactValue[] {
  const base: Record<FactField, [string, string]> = {
    BIRTH_DATE: ['出生日期', '1945-01-08'],
    URBAN_RURAL: ['城乡', '农村'],
    ABILITY_LEVEL: ['能力程度', '能力完好'],
    HAS_DEMENTIA: ['失智', '否'],
    HAS_SERIOUS_ILLNESS: ['重病', '否'],
    DISABILITY_GRADE: ['残疾等级', '无'],
    ECONOMIC_STATUS: ['经济状况', '一般'],
    HARDSHIP_SUPPORT: ['特困供养方式', '无'],
    LIVING_ARRANGEMENT: ['居住情况', '与配偶同住'],
    CATEGORIES: ['人员类别', '高龄'],
    CHILDREN_AWAY: ['子女外出', '否'],
    RISK_LEVEL: ['风险等级', '无'],
    HOUSEHOLD: ['家庭成员', '2 人，同住 1 人'],
  };
  return FACT_ORDER.map((field) => ({ field, label: base[field][0], value: over[field] ?? base[field][1] }));
}

const TODAY = '2026-11-18';

describe('fact timeline', () => {
  it('lists the spans newest first: the changed facts of each, the main facts of the first, planned ones marked', () => {
    const spans = [
      { from: '2025-06-01', until: '2026-07-31', tier: '一般', values: values(), changed: [...FACT_ORDER] },
      {
        from: '2026-08-01',
        until: '2026-12-31',
        tier: '重点',
        values: values({ ABILITY_LEVEL: '重度失能' }),
        changed: ['ABILITY_LEVEL'] as FactField[],
      },
      {
        from: '2027-01-01',
        until: null,
        tier: null,
        values: values({ ABILITY_LEVEL: '重度失能', RISK_LEVEL: '高' }),
        changed: ['RISK_LEVEL'] as FactField[],
      },
    ];
    const entries = spanEntries(spans, TODAY);
    expect(entries.map((e) => [e.from, e.until, e.tier, e.first, e.planned])).toEqual([
      ['2027-01-01', null, null, false, true],
      ['2026-08-01', '2026-12-31', '重点', false, false],
      ['2025-06-01', '2026-07-31', '一般', true, false],
    ]);
    expect(entries[1]!.shown.map(factText)).toEqual(['能力程度：重度失能']);
    // A later span lists what changed; every fact in effect then is behind 查看全部.
    expect(entries[1]!.more.map(factText)).toContain('能力程度：重度失能');
    expect(entries[1]!.more).toHaveLength(13);
    // The first span: its main facts, in the schema's order, and all 13 behind 查看全部.
    expect(entries[2]!.shown.map(factText)).toEqual(['能力程度：能力完好', '经济状况：一般', '居住情况：与配偶同住', '人员类别：高龄', '风险等级：无']);
    expect(entries[2]!.more).toHaveLength(13);
    // No field code is ever part of the text.
    for (const e of entries) for (const v of [...e.shown, ...e.more]) expect(factText(v)).not.toMatch(/[A-Z_]{3,}/);
  });

  it('a span starting today is in effect, not planned; a lone span is the first', () => {
    const [only] = spanEntries([{ from: TODAY, until: null, tier: '一般', values: values(), changed: [...FACT_ORDER] }], TODAY);
    expect(only).toMatchObject({ first: true, planned: false });
  });

  it('lists the changes newest recorded first; the one that opened the file is 建档, never 回溯', () => {
    const opening = {
      effectiveFrom: '2025-02-15',
      recordedAt: '2026-11-18T02:00:00.000004168Z',
      recordedBy: '系统',
      reason: null,
      backdated: true,
      // The API lists a change's values by field code: shown in the schema's order.
      values: [...values()].sort((a, b) => a.field.localeCompare(b.field)),
    };
    const backDated = {
      effectiveFrom: '2026-08-01',
      recordedAt: '2026-11-18T03:00:00Z',
      recordedBy: 'user:town.organizer',
      reason: '补录：八月初已卧床',
      backdated: true,
      values: [
        { field: 'RISK_LEVEL' as FactField, label: '风险等级', value: '高' },
        { field: 'ABILITY_LEVEL' as FactField, label: '能力程度', value: '重度失能' },
      ],
    };
    const planned = { ...backDated, effectiveFrom: '2027-01-01', recordedAt: '2026-11-18T04:00:00Z', reason: null, backdated: false };
    const entries = changeEntries([backDated, opening, planned], TODAY);
    expect(entries.map((e) => [e.effectiveFrom, e.opening, e.backdated, e.planned])).toEqual([
      ['2027-01-01', false, false, true],
      ['2026-08-01', false, true, false],
      ['2025-02-15', true, false, false],
    ]);
    expect(entries[1]!.shown.map(factText)).toEqual(['能力程度：重度失能', '风险等级：高']);
    // Who recorded it: the username, not the API's `user:` label; the system as 系统.
    expect(entries.map((e) => e.recordedBy)).toEqual(['town.organizer', 'town.organizer', '系统']);
    expect(entries[2]!.shown.map((v) => v.label)).toEqual(['能力程度', '经济状况', '居住情况', '人员类别', '风险等级']);
    expect(entries[2]!.more.map((v) => v.field)).toEqual(FACT_ORDER);
  });

  it('reads today in district time', () => {
    // 2026-11-30 17:00 UTC is already 1 December in Beijing.
    expect(districtToday(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
    expect(districtToday(new Date('2026-11-30T15:00:00Z'))).toBe('2026-11-30');
  });
});
