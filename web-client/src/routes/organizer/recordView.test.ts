import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradeLabel, NOT_SHOWN, recordSections, SHOWN_ELSEWHERE, type ViewSection } from './recordView';

/** The shared record format's JSON Schema: the fixture below must hold every field it names. */
const SCHEMA = JSON.parse(readFileSync(new URL('../../../../docs/record-format.schema.json', import.meta.url), 'utf8')) as Schema;

interface Schema {
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  enum?: string[];
  const?: string;
  $defs?: Record<string, Schema>;
}

function resolve(node: Schema): Schema {
  if (!node.$ref) return node;
  const name = node.$ref.replace('#/$defs/', '');
  return SCHEMA.$defs?.[name] ?? {};
}

/** Every property path the schema allows (`health.mobility.scale`, `needs[].note`). */
function schemaPaths(node: Schema, prefix = ''): Set<string> {
  const out = new Set<string>();
  const n = resolve(node);
  for (const alt of n.oneOf ?? []) schemaPaths(alt, prefix).forEach((p) => out.add(p));
  if (n.items) schemaPaths(n.items, `${prefix}[]`).forEach((p) => out.add(p));
  for (const [key, child] of Object.entries(n.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.add(path);
    schemaPaths(child, path).forEach((p) => out.add(p));
  }
  return out;
}

/** Every path of a value, arrays as `[]` (to compare with the schema) or `[i]` (to find rows). */
function valuePaths(v: unknown, prefix: string, indexed: boolean, out: Set<string>, leavesOnly = false): Set<string> {
  if (Array.isArray(v)) {
    v.forEach((x, i) => valuePaths(x, `${prefix}[${indexed ? i : ''}]`, indexed, out, leavesOnly));
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (!leavesOnly) out.add(path);
      valuePaths(x, path, indexed, out, leavesOnly);
    }
  } else if (leavesOnly) {
    out.add(prefix);
  }
  return out;
}

const person = (name: string) => ({ id: '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a', name });
const image = { ref: 'photos/2026/11/a.jpg', sha256: 'a'.repeat(64), contentType: 'image/jpeg' };
const grade = (scale: string, value: string) => ({ scale, value });

/** A record with every field of the format filled in, free text in Chinese. */
const FULL: Record<string, unknown> = {
  formatVersion: '1.2.0',
  submissionId: '0190f3a2-7c4e-7b21-9d3a-5e8f1c2b4a67',
  elderId: '6f1d2c3b-4a5e-4f60-8a71-92b3c4d5e6f7',
  slotId: '0190f39e-1111-7abc-8def-0123456789ab',
  visitNo: 7,
  startedAt: '2026-11-06T09:30:00+08:00',
  endedAt: '2026-11-06T10:15:00+08:00',
  mode: 'other',
  modeNote: '在村委会见面',
  organisation: { id: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d', name: '某社会工作服务中心' },
  visitor: person('张敏'),
  coVisitors: [person('李想'), person('王芳')],
  checkIn: { latitude: 29.7, longitude: 106.6, at: '2026-11-06T09:31:00+08:00' },
  household: { added: 1, removed: 2, note: '孙子外出务工' },
  health: {
    expression: grade('change', 'unchanged'),
    mobility: grade('four_grade', 'excellent'),
    reaction: grade('three_grade', 'fair'),
    illness: grade('illness_change', 'serious'),
    illnessName: '高血压',
    selfCare: grade('three_grade', 'poor'),
  },
  mental: { mood: grade('change', 'better'), thinking: grade('four_grade', 'good'), stress: grade('four_grade', 'poor') },
  safety: {
    gas: grade('safety', 'safe'),
    heating: grade('safety', 'fairly_safe'),
    electricity: grade('safety', 'unsafe'),
    housing: grade('three_grade', 'good'),
    fire: grade('three_grade', 'fair'),
    food: grade('three_grade', 'poor'),
    epidemic: grade('four_grade', 'fair'),
  },
  hygiene: { personal: grade('change', 'worse'), household: grade('change', 'unchanged'), surroundings: grade('three_grade', 'good') },
  environment: { indoor: grade('change', 'better'), outdoor: grade('three_grade', 'fair'), neighbours: grade('three_grade', 'good') },
  economy: { difficulties: '冬季取暖费用高', benefits: '已享受高龄津贴' },
  support: { childrenVisitOften: false, maintenanceFulfilled: true, hasCarer: false, abuseOrNeglect: true, note: '儿子长期在外' },
  needs: [
    { need: 'medical_assistance', needed: true, met: false, urgent: true, note: '需每月代购降压药' },
    { need: 'emotional_comfort', needed: true, met: true },
    { need: 'age_friendly_renovation', needed: false },
  ],
  needsNote: '想要助听器',
  childrenReturn: { plannedDate: '2027-01-25', note: '春节前返乡' },
  problemsFound: '厨房插线板老化，电线裸露。',
  servicesGiven: [{ description: '更换插线板，讲解用电安全。', providedAt: '2026-11-06T10:00:00+08:00', providedBy: person('张敏') }],
  referrals: [{ target: 'medical', detail: '转介家庭医生上门测血压', urgent: true }],
  suggestions: '下次探访复查用电。',
  satisfaction: { rating: 'basically_satisfied', comment: '希望多来看看' },
  photos: [{ ...image, takenAt: '2026-11-06T09:41:12+08:00', caption: '厨房' }],
  confirmation: {
    visitor: { confirmedAt: '2026-11-06T10:15:00+08:00', signature: image },
    elder: { method: 'signature', confirmedAt: '2026-11-06T10:14:00+08:00', signature: image },
    enteredBy: { person: person('张敏'), enteredAt: '2026-11-06T10:20:00+08:00' },
  },
};

const ELDER_CONFIRMATIONS = [
  { method: 'signature', confirmedAt: '2026-11-06T10:14:00+08:00', signature: image },
  { method: 'read_out_code', confirmedAt: '2026-11-06T10:14:00+08:00', code: '4827' },
  { method: 'signed_paper', confirmedAt: '2026-11-07T10:00:00+08:00', signature: image },
  { method: 'confirmed_by_phone', confirmedAt: '2026-11-07T10:00:00+08:00', confirmedBy: person('赵村干') },
];

function withElder(elder: Record<string, unknown>): Record<string, unknown> {
  const confirmation = FULL.confirmation as Record<string, unknown>;
  return { ...FULL, confirmation: { ...confirmation, elder } };
}

const VARIANTS = ELDER_CONFIRMATIONS.map(withElder);
const FORMS = ['yubei-3', 'emeishan-1', 'linzi-2', 'jiangmen-3', null];
const UNRECOGNISED = '（无法识别的取值）';

function texts(sections: ViewSection[]): string[] {
  return sections.flatMap((s) => [s.title, ...s.rows.flatMap((r) => [r.label, r.value])]);
}

const covered = (leaf: string, prefixes: string[]) =>
  prefixes.some((p) => leaf === p || leaf.startsWith(`${p}.`) || leaf.startsWith(`${p}[`));

describe('the review screen shows the whole record in words', () => {
  it('the fixture holds every field of the record format', () => {
    const inFixture = new Set<string>();
    VARIANTS.forEach((v) => valuePaths(v, '', false, inFixture));
    const missing = [...schemaPaths(SCHEMA)].filter((p) => !inFixture.has(p));
    expect(missing).toEqual([]);
  });

  it('every recorded value has a row, on every form, and no key or code is shown', () => {
    for (const body of VARIANTS) {
      for (const form of FORMS) {
        const sections = recordSections(body, form, 'zh');
        const rows = sections.flatMap((s) => s.rows.map((r) => r.path));
        const leaves = [...valuePaths(body, '', true, new Set(), true)];
        const dropped = leaves.filter((leaf) => !covered(leaf, [...rows, ...SHOWN_ELSEWHERE, ...NOT_SHOWN]));
        expect(dropped, `${form ?? 'no form'}: values without a row`).toEqual([]);
        for (const t of texts(sections)) {
          expect(t, `${form}: "${t}" shows a key or code`).not.toMatch(/[A-Za-z]/);
          expect(t).not.toContain(UNRECOGNISED);
          expect(t.trim()).not.toBe('');
        }
      }
    }
  });

  it('every value of every enum of the format has a word', () => {
    const defs = SCHEMA.$defs ?? {};
    // Grades: each scale's values, from the schema.
    for (const alt of [...(defs.grade?.oneOf ?? []), ...(defs.illnessGrade?.oneOf ?? [])]) {
      const scale = alt.properties?.scale?.const ?? '';
      for (const value of alt.properties?.value?.enum ?? []) {
        const word = gradeLabel('zh', scale, value);
        expect(word, `${scale}/${value}`).not.toMatch(/[A-Za-z]/);
        expect(word).not.toBe(UNRECOGNISED);
      }
    }
    const listed = (body: Record<string, unknown>) => texts(recordSections(body, null, 'zh'));
    const bodies: Record<string, unknown>[] = [
      ...(defs.need?.enum ?? []).map((need) => ({ needs: [{ need, needed: true, met: false }] })),
      ...(defs.referralTarget?.enum ?? []).map((target) => ({ referrals: [{ target, detail: '细节' }] })),
      ...(defs.satisfactionRating?.enum ?? []).map((rating) => ({ satisfaction: { rating } })),
      ...(defs.visitMode?.enum ?? []).map((mode) => ({ mode })),
    ];
    expect(bodies.length).toBeGreaterThan(20);
    for (const body of bodies) {
      for (const t of listed(body)) {
        expect(t, JSON.stringify(body)).not.toMatch(/[A-Za-z]/);
        expect(t).not.toContain(UNRECOGNISED);
      }
    }
  });

  it('reads in English too, with every row named', () => {
    for (const body of VARIANTS) {
      const sections = recordSections(body, 'yubei-3', 'en');
      expect(sections.map((s) => s.title)).toContain('Family and support');
      for (const t of texts(sections)) {
        expect(t.trim()).not.toBe('');
        expect(t).not.toContain('(unrecognised value)');
        expect(t).not.toMatch(/[a-z]+_[a-z]+|\b[a-z]+[A-Z]\w*/);
      }
    }
  });

  it('follows the order of the district paper form', () => {
    const titles = (form: string) => recordSections(FULL, form, 'zh').map((s) => s.title);
    const yubei = titles('yubei-3');
    // 渝北: 老年人服务需求 and 实施关爱服务建议 in 一、探访情况, before 二、关爱服务情况.
    expect(yubei.slice(0, 8)).toEqual(['探访情况', '家庭状况', '健康状况', '精神状态', '安全情况', '卫生状况', '居住环境', '服务需求']);
    expect(yubei.indexOf('实施关爱服务建议')).toBeLessThan(yubei.indexOf('关爱服务情况'));
    // 峨眉山: 生活照料 (有人/无人照料) right after the safety rows.
    expect(titles('emeishan-1').slice(1, 5)).toEqual(['健康状况', '精神状态', '安全情况', '赡养与照料']);
    // 临淄: 生活自理 is the first row, 疾病情况 in the form's words.
    const linzi = recordSections(FULL, 'linzi-2', 'zh').find((s) => s.id === 'health');
    expect(linzi?.rows.map((r) => r.label)).toEqual(['生活自理', '疾病情况', '疾病名称', '行动情况', '表达能力', '反应能力']);
    // Values in the words of their scale: 良 on four_grade, 好 on three_grade.
    const mental = recordSections(FULL, null, 'zh').find((s) => s.id === 'mental');
    expect(mental?.rows.map((r) => `${r.label}：${r.value}`)).toEqual(['情绪状态：较好', '思维状态：良', '压力状态：差']);
    const support = recordSections(FULL, null, 'zh').find((s) => s.id === 'support');
    expect(support?.rows.map((r) => `${r.label}：${r.value}`)).toContain('生活照料：无人照料');
  });
});
