/**
 * 审核 — a visit record as the reviewer reads it: every section the volunteer recorded, in the
 * order of the district's paper form (yubei-3, emeishan-1, linzi-2, jiangmen-3; the print
 * templates in `api/src/domain/record/print.rs` order the same sections), each value in words.
 * Sections the form has no row for follow in the shared format's order, so nothing recorded is
 * left out. Pure functions: no React, no network (unit-tested in recordView.test.ts).
 */
import type { Lang } from '../../i18n';
import { enumLabel, enumValues, type EnumName } from './labels';
import { formatDateTime } from './util';

type Pair = readonly [string, string];

/** One line of the review: what was asked and the answer, both in words. */
export interface ViewRow {
  /** The record's path this row shows (`health.mobility`, `needs[2]`); for tests and keys. */
  path: string;
  label: string;
  value: string;
  /** A value to draw the reviewer's eye (不安全, 无人照料, 紧急 …). */
  alert?: boolean;
}

export interface ViewSection {
  id: SectionId;
  title: string;
  rows: ViewRow[];
}

export type SectionId =
  | 'visit'
  | 'household'
  | 'health'
  | 'mental'
  | 'safety'
  | 'hygiene'
  | 'environment'
  | 'economy'
  | 'support'
  | 'needs'
  | 'childrenReturn'
  | 'problems'
  | 'services'
  | 'referrals'
  | 'suggestions'
  | 'satisfaction'
  | 'confirmation';

const SECTION_TITLES: Record<SectionId, Pair> = {
  visit: ['探访情况', 'The visit'],
  household: ['家庭状况', 'Household'],
  health: ['健康状况', 'Health'],
  mental: ['精神状态', 'Mental state'],
  safety: ['安全情况', 'Safety'],
  hygiene: ['卫生状况', 'Hygiene'],
  environment: ['居住环境', 'Living environment'],
  economy: ['经济状况', 'Economy'],
  support: ['赡养与照料', 'Family and support'],
  needs: ['服务需求', 'Needs'],
  childrenReturn: ['子女返乡情况', "Children's return"],
  problems: ['发现的问题', 'Problems found'],
  services: ['关爱服务情况', 'Care given'],
  referrals: ['转介', 'Referrals'],
  suggestions: ['实施关爱服务建议', 'Suggestions'],
  satisfaction: ['老年人服务满意度评价', 'Satisfaction'],
  confirmation: ['签字确认', 'Confirmation'],
};

/** The shared format's order (docs/record-format.md §3), also jiangmen-3's. */
const DEFAULT_ORDER: SectionId[] = [
  'visit',
  'household',
  'health',
  'mental',
  'safety',
  'hygiene',
  'environment',
  'economy',
  'support',
  'needs',
  'childrenReturn',
  'problems',
  'services',
  'referrals',
  'suggestions',
  'satisfaction',
  'confirmation',
];

/** A district's paper form: its sections' order, its graded rows' order and its own row names. */
interface FormOrder {
  sections: SectionId[];
  items: string[];
  labels?: Record<string, Pair>;
}

const FORMS: Record<string, FormOrder> = {
  // 渝北 附件3: 一、探访情况 (mode, household, graded rows, 老年人服务需求, 实施关爱服务建议),
  // then 二、关爱服务情况.
  'yubei-3': {
    sections: [
      'visit',
      'household',
      'health',
      'mental',
      'safety',
      'hygiene',
      'environment',
      'needs',
      'economy',
      'support',
      'problems',
      'referrals',
      'suggestions',
      'services',
      'satisfaction',
      'childrenReturn',
      'confirmation',
    ],
    items: [
      'health.expression',
      'health.mobility',
      'health.illness',
      'mental.mood',
      'safety.gas',
      'safety.heating',
      'safety.electricity',
      'hygiene.personal',
      'hygiene.household',
      'environment.indoor',
    ],
    labels: { 'safety.heating': ['水暖安全', 'Water heating'] },
  },
  // 峨眉山 附件1: 巡访内容 (health, mental, safety), 关爱服务 (生活照料 and three needs),
  // 其他情况说明, photos, signature.
  'emeishan-1': {
    sections: [
      'visit',
      'health',
      'mental',
      'safety',
      'support',
      'needs',
      'problems',
      'household',
      'hygiene',
      'environment',
      'economy',
      'childrenReturn',
      'services',
      'referrals',
      'suggestions',
      'satisfaction',
      'confirmation',
    ],
    items: [
      'health.expression',
      'health.mobility',
      'health.illness',
      'mental.mood',
      'mental.thinking',
      'mental.stress',
      'safety.gas',
      'safety.heating',
      'safety.electricity',
    ],
  },
  // 临淄 附件2: 探视巡访情况 (生活自理, 疾病, 行动, 个人卫生, 室内/室外环境, 房屋/燃气/消防/疫情),
  // 老年人需求情况, 子女返乡情况, 其他需说明的问题.
  'linzi-2': {
    sections: [
      'visit',
      'health',
      'hygiene',
      'environment',
      'safety',
      'mental',
      'needs',
      'childrenReturn',
      'problems',
      'household',
      'economy',
      'support',
      'services',
      'referrals',
      'suggestions',
      'satisfaction',
      'confirmation',
    ],
    items: [
      'health.selfCare',
      'health.illness',
      'health.mobility',
      'hygiene.personal',
      'environment.indoor',
      'environment.outdoor',
      'safety.housing',
      'safety.gas',
      'safety.fire',
      'safety.epidemic',
    ],
    labels: {
      'health.illness': ['疾病情况', 'Illness'],
      'health.mobility': ['行动情况', 'Mobility'],
      'safety.fire': ['消防（取暖）安全', 'Fire (heating)'],
    },
  },
  'jiangmen-3': { sections: DEFAULT_ORDER, items: [] },
};

/** Graded items by section, in the shared format's order. */
const GRADED: Record<string, string[]> = {
  health: ['expression', 'mobility', 'reaction', 'illness', 'selfCare'],
  mental: ['mood', 'thinking', 'stress'],
  safety: ['gas', 'heating', 'electricity', 'housing', 'fire', 'food', 'epidemic'],
  hygiene: ['personal', 'household', 'surroundings'],
  environment: ['indoor', 'outdoor', 'neighbours'],
};

const ITEM_LABELS: Record<string, Pair> = {
  'health.expression': ['表达能力', 'Expression'],
  'health.mobility': ['行动能力', 'Mobility'],
  'health.reaction': ['反应能力', 'Reaction'],
  'health.illness': ['疾病状况', 'Illness'],
  'health.illnessName': ['疾病名称', 'Name of the illness'],
  'health.selfCare': ['生活自理', 'Self-care'],
  'mental.mood': ['情绪状态', 'Mood'],
  'mental.thinking': ['思维状态', 'Thinking'],
  'mental.stress': ['压力状态', 'Stress'],
  'safety.gas': ['燃气安全', 'Gas'],
  'safety.heating': ['取暖安全', 'Heating'],
  'safety.electricity': ['用电安全', 'Electricity'],
  'safety.housing': ['房屋安全', 'Housing'],
  'safety.fire': ['消防安全', 'Fire'],
  'safety.food': ['食品安全', 'Food'],
  'safety.epidemic': ['疫情防控安全', 'Epidemic'],
  'hygiene.personal': ['个人卫生', 'Personal hygiene'],
  'hygiene.household': ['家庭卫生', 'Household hygiene'],
  'hygiene.surroundings': ['周边卫生', 'Surroundings'],
  'environment.indoor': ['室内环境', 'Indoors'],
  'environment.outdoor': ['室外环境', 'Outdoors'],
  'environment.neighbours': ['邻里关系', 'Neighbours'],
};

/** Each scale's values in words (docs/record-format.md §2): 良 on four_grade, 好 on three_grade. */
const SCALE_LABELS: Record<string, Record<string, Pair>> = {
  four_grade: { excellent: ['优', 'excellent'], good: ['良', 'good'], fair: ['中', 'fair'], poor: ['差', 'poor'] },
  three_grade: { good: ['好', 'good'], fair: ['一般', 'fair'], poor: ['较差', 'poor'] },
  change: { unchanged: ['无变化', 'unchanged'], better: ['较好', 'better'], worse: ['较差', 'worse'] },
  safety: { safe: ['安全', 'safe'], fairly_safe: ['较安全', 'fairly safe'], unsafe: ['不安全', 'unsafe'] },
  illness_change: { unchanged: ['无变化', 'unchanged'], serious: ['严重', 'serious'], improved: ['转好', 'improved'] },
};

/** The values that need attention (a major risk or a poor grade). */
const ALERT_VALUES = new Set(['poor', 'worse', 'unsafe', 'serious']);

const NEED_LABELS: Record<string, Pair> = {
  daily_care: ['生活照料', 'Daily care'],
  rehabilitation_nursing: ['康复护理', 'Rehabilitation nursing'],
  emotional_comfort: ['精神慰藉', 'Emotional comfort'],
  emergency_rescue: ['紧急救援', 'Emergency rescue'],
  age_friendly_renovation: ['适老化改造', 'Age-friendly renovation'],
  meal_assistance: ['助餐', 'Meal assistance'],
  medical_assistance: ['助医', 'Medical assistance'],
  rights_protection: ['权益维护', 'Rights protection'],
  safety_monitoring: ['安全监护', 'Safety monitoring'],
  home_services: ['居家服务', 'Home services'],
};

const SATISFACTION: Record<string, Pair> = {
  satisfied: ['满意', 'Satisfied'],
  basically_satisfied: ['基本满意', 'Basically satisfied'],
  dissatisfied: ['不满意', 'Dissatisfied'],
};

const CONFIRMATION_METHODS: Record<string, Pair> = {
  signature: ['老人签字（手写或手印）', 'Signed by the elder'],
  read_out_code: ['老人口述确认码，已核验', 'Code read out by the elder, verified'],
  signed_paper: ['已在纸质表上签字（原件存档）', 'Signed the paper form (kept on file)'],
  confirmed_by_phone: ['电话确认', 'Confirmed by phone'],
};

/** Row names outside the graded items. */
const LABELS = {
  mode: ['探访方式', 'Mode'],
  modeNote: ['其他方式说明', 'Other mode'],
  organisation: ['服务人员所在单位', 'Organisation'],
  coVisitors: ['同行人员', 'Went along'],
  checkIn: ['到访定位', 'Check-in location'],
  checkInDone: ['已记录（用于核对是否到访，不打印）', 'Recorded (to check the visit; not printed)'],
  household: ['家庭人口', 'Household size'],
  householdNote: ['人口变化说明', 'Who joined or left'],
  householdNoChange: ['无变化', 'No change'],
  householdChange: ['增加 {added} 人，减少 {removed} 人', '{added} joined, {removed} left'],
  difficulties: ['生活困难（衣食住行医）', 'Difficulties'],
  benefits: ['社会保障待遇', 'Benefits'],
  childrenVisitOften: ['子女经常看望或问候', 'Children visit or call often'],
  maintenanceFulfilled: ['履行赡养扶养义务', 'Maintenance obligations met'],
  hasCarer: ['生活照料', 'Care'],
  carerYes: ['有人照料', 'Has a carer'],
  carerNo: ['无人照料', 'No carer'],
  abuseOrNeglect: ['疑似虐待或疏于照料', 'Signs of abuse or neglect'],
  supportNote: ['赡养与照料说明', 'Details'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  needNo: ['无需求', 'Not needed'],
  needMet: ['有需求，已满足', 'Needed, met'],
  needNotMet: ['有需求，未满足', 'Needed, not met'],
  urgent: ['紧急', 'urgent'],
  needsNote: ['其它需求', 'Other needs'],
  plannedDate: ['子女计划返回时间', 'Planned return'],
  returnNote: ['返乡说明', 'Note'],
  problemsFound: ['发现的问题', 'Problems found'],
  service: ['关爱服务', 'Care given'],
  providedAt: ['服务时间', 'When'],
  providedBy: ['服务人员', 'By'],
  referral: ['转介至', 'Referred to'],
  suggestions: ['实施关爱服务建议', 'Suggestions'],
  rating: ['满意度', 'Rating'],
  comment: ['老人的评价', "The elder's words"],
  elderMethod: ['老人确认方式', 'How the elder confirmed'],
  elderAt: ['老人确认时间', 'Elder confirmed at'],
  confirmedBy: ['电话确认人', 'Confirmed to'],
  visitorAt: ['探访人员确认时间', 'Visitor confirmed at'],
  enteredBy: ['信息录入人', 'Entered by'],
  enteredAt: ['录入时间', 'Entered at'],
} as const satisfies Record<string, Pair>;

function pick(lang: Lang, pair: Pair | undefined, fallback: string): string {
  return pair ? pair[lang === 'zh' ? 0 : 1] : fallback;
}

/** A value the table has no word for: never the code itself (the page shows no codes). */
function unknown(lang: Lang): string {
  return lang === 'zh' ? '（无法识别的取值）' : '(unrecognised value)';
}

/** A stored code (`in_person`) in the words of its GraphQL enum (`IN_PERSON` → 上门探访). */
function enumWord(lang: Lang, name: EnumName, code: string): string {
  const value = code.toUpperCase();
  return enumValues(name).includes(value) ? enumLabel(lang, name, value) : unknown(lang);
}

/** A grade in words on its own scale, e.g. `{scale: 'four_grade', value: 'good'}` → 良. */
export function gradeLabel(lang: Lang, scale: string, value: string): string {
  return pick(lang, SCALE_LABELS[scale]?.[value], unknown(lang));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function yesNo(lang: Lang, v: unknown): string | undefined {
  return typeof v === 'boolean' ? pick(lang, v ? LABELS.yes : LABELS.no, '') : undefined;
}

function personName(v: unknown): string | undefined {
  return isObject(v) ? str(v.name) : undefined;
}

function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

/**
 * What the record page shows outside these sections: the heading (time, visitor, number) and
 * the photo and signature cards.
 */
export const SHOWN_ELSEWHERE = ['startedAt', 'endedAt', 'visitor', 'visitNo', 'photos', 'confirmation.elder.signature', 'confirmation.visitor.signature'];

/**
 * What is never shown: ids, the format's bookkeeping, the read-out code (verified by the server;
 * shown as 已核验) and the check-in's coordinates (compared with the village by the server).
 */
export const NOT_SHOWN = ['formatVersion', 'submissionId', 'elderId', 'slotId', 'confirmation.elder.code', 'checkIn.latitude', 'checkIn.longitude', 'checkIn.at'];

/**
 * The record's sections in the order of `form`, the district's paper form as its print path
 * names it (`yubei-3`); in the shared format's order when the district has none.
 */
export function recordSections(body: Record<string, unknown>, form: string | null, lang: Lang): ViewSection[] {
  const spec = (form && FORMS[form]) || null;
  const order = spec?.sections ?? DEFAULT_ORDER;
  const label = (key: keyof typeof LABELS) => pick(lang, LABELS[key], key);
  const sections: Partial<Record<SectionId, ViewRow[]>> = {};
  const add = (id: SectionId, row: ViewRow | null | undefined) => {
    if (row) (sections[id] ??= []).push(row);
  };
  const text = (id: SectionId, path: string, key: keyof typeof LABELS, v: unknown) => {
    const s = str(v);
    if (s) add(id, { path, label: label(key), value: s });
  };

  // 探访情况: the mode and who went; the time and visitor are in the record's heading.
  const mode = str(body.mode);
  if (mode) add('visit', { path: 'mode', label: label('mode'), value: enumWord(lang, 'VisitMode', mode) });
  text('visit', 'modeNote', 'modeNote', body.modeNote);
  if (isObject(body.organisation)) text('visit', 'organisation', 'organisation', body.organisation.name);
  if (Array.isArray(body.coVisitors) && body.coVisitors.length > 0) {
    const names = body.coVisitors.map(personName).filter((n): n is string => !!n);
    add('visit', { path: 'coVisitors', label: label('coVisitors'), value: names.join('、') });
  }
  if (isObject(body.checkIn)) add('visit', { path: 'checkIn', label: label('checkIn'), value: label('checkInDone') });

  // 家庭状况.
  if (isObject(body.household)) {
    const added = typeof body.household.added === 'number' ? body.household.added : 0;
    const removed = typeof body.household.removed === 'number' ? body.household.removed : 0;
    add('household', {
      path: 'household',
      label: label('household'),
      value: added === 0 && removed === 0 ? label('householdNoChange') : fill(label('householdChange'), { added, removed }),
    });
    text('household', 'household.note', 'householdNote', body.household.note);
  }

  // Graded sections: the form's rows first, in its order, then the rest.
  const formRank = (path: string) => {
    const i = spec?.items.indexOf(path) ?? -1;
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  for (const [section, items] of Object.entries(GRADED)) {
    const s = body[section];
    if (!isObject(s)) continue;
    const ordered = items
      .map((item, i) => ({ item, i, path: `${section}.${item}` }))
      .sort((a, b) => formRank(a.path) - formRank(b.path) || a.i - b.i);
    for (const { item, path } of ordered) {
      const g = s[item];
      if (!isObject(g)) continue;
      const scale = String(g.scale ?? '');
      const value = String(g.value ?? '');
      add(section as SectionId, {
        path,
        label: pick(lang, spec?.labels?.[path] ?? ITEM_LABELS[path], unknown(lang)),
        value: gradeLabel(lang, scale, value),
        alert: ALERT_VALUES.has(value),
      });
      if (path === 'health.illness') {
        const name = str(s.illnessName);
        if (name) add('health', { path: 'health.illnessName', label: pick(lang, ITEM_LABELS['health.illnessName'], ''), value: name });
      }
    }
  }

  // 经济状况, 赡养与照料.
  if (isObject(body.economy)) {
    text('economy', 'economy.difficulties', 'difficulties', body.economy.difficulties);
    text('economy', 'economy.benefits', 'benefits', body.economy.benefits);
  }
  if (isObject(body.support)) {
    const s = body.support;
    const yn = (key: 'childrenVisitOften' | 'maintenanceFulfilled' | 'abuseOrNeglect', alertWhen: boolean) => {
      const v = yesNo(lang, s[key]);
      if (v) add('support', { path: `support.${key}`, label: label(key), value: v, alert: s[key] === alertWhen });
    };
    if (typeof s.hasCarer === 'boolean') {
      add('support', {
        path: 'support.hasCarer',
        label: label('hasCarer'),
        value: label(s.hasCarer ? 'carerYes' : 'carerNo'),
        alert: !s.hasCarer,
      });
    }
    yn('childrenVisitOften', false);
    yn('maintenanceFulfilled', false);
    yn('abuseOrNeglect', true);
    text('support', 'support.note', 'supportNote', s.note);
  }

  // 服务需求: each need asked, with whether it is met.
  if (Array.isArray(body.needs)) {
    body.needs.forEach((n, i) => {
      if (!isObject(n)) return;
      const needed = n.needed === true;
      const parts = [needed ? label(n.met === true ? 'needMet' : 'needNotMet') : label('needNo')];
      if (needed && n.urgent === true) parts.push(label('urgent'));
      const note = str(n.note);
      if (note) parts.push(note);
      add('needs', {
        path: `needs[${i}]`,
        label: pick(lang, NEED_LABELS[String(n.need)], unknown(lang)),
        value: parts.join(' · '),
        alert: needed && n.met !== true && n.urgent === true,
      });
    });
  }
  text('needs', 'needsNote', 'needsNote', body.needsNote);

  // 子女返乡情况.
  if (isObject(body.childrenReturn)) {
    text('childrenReturn', 'childrenReturn.plannedDate', 'plannedDate', body.childrenReturn.plannedDate);
    text('childrenReturn', 'childrenReturn.note', 'returnNote', body.childrenReturn.note);
  }

  text('problems', 'problemsFound', 'problemsFound', body.problemsFound);

  // 关爱服务情况.
  if (Array.isArray(body.servicesGiven)) {
    body.servicesGiven.forEach((s, i) => {
      if (!isObject(s)) return;
      const parts = [str(s.description) ?? ''];
      if (str(s.providedAt)) parts.push(`${label('providedAt')} ${formatDateTime(String(s.providedAt))}`);
      const by = personName(s.providedBy);
      if (by) parts.push(`${label('providedBy')} ${by}`);
      add('services', { path: `servicesGiven[${i}]`, label: label('service'), value: parts.filter(Boolean).join(' · ') });
    });
  }

  // 转介.
  if (Array.isArray(body.referrals)) {
    body.referrals.forEach((r, i) => {
      if (!isObject(r)) return;
      const parts = [enumWord(lang, 'ReferralTarget', String(r.target))];
      if (r.urgent === true) parts.push(label('urgent'));
      const detail = str(r.detail);
      if (detail) parts.push(detail);
      add('referrals', { path: `referrals[${i}]`, label: label('referral'), value: parts.join(' · '), alert: r.urgent === true });
    });
  }

  text('suggestions', 'suggestions', 'suggestions', body.suggestions);

  if (isObject(body.satisfaction)) {
    const rating = str(body.satisfaction.rating);
    if (rating) {
      add('satisfaction', {
        path: 'satisfaction.rating',
        label: label('rating'),
        value: pick(lang, SATISFACTION[rating], unknown(lang)),
        alert: rating === 'dissatisfied',
      });
    }
    text('satisfaction', 'satisfaction.comment', 'comment', body.satisfaction.comment);
  }

  // 签字确认: the signature images are shown beside; here how and when, in words.
  if (isObject(body.confirmation)) {
    const c = body.confirmation;
    if (isObject(c.elder)) {
      const method = String(c.elder.method ?? '');
      add('confirmation', {
        path: 'confirmation.elder.method',
        label: label('elderMethod'),
        value: pick(lang, CONFIRMATION_METHODS[method], unknown(lang)),
      });
      if (str(c.elder.confirmedAt)) {
        add('confirmation', { path: 'confirmation.elder.confirmedAt', label: label('elderAt'), value: formatDateTime(String(c.elder.confirmedAt)) });
      }
      const by = personName(c.elder.confirmedBy);
      if (by) add('confirmation', { path: 'confirmation.elder.confirmedBy', label: label('confirmedBy'), value: by });
    }
    if (isObject(c.visitor) && str(c.visitor.confirmedAt)) {
      add('confirmation', { path: 'confirmation.visitor.confirmedAt', label: label('visitorAt'), value: formatDateTime(String(c.visitor.confirmedAt)) });
    }
    if (isObject(c.enteredBy)) {
      const who = personName(c.enteredBy.person);
      if (who) add('confirmation', { path: 'confirmation.enteredBy.person', label: label('enteredBy'), value: who });
      if (str(c.enteredBy.enteredAt)) {
        add('confirmation', { path: 'confirmation.enteredBy.enteredAt', label: label('enteredAt'), value: formatDateTime(String(c.enteredBy.enteredAt)) });
      }
    }
  }

  return order
    .map((id) => ({ id, title: pick(lang, SECTION_TITLES[id], id), rows: sections[id] ?? [] }))
    .filter((s) => s.rows.length > 0);
}
