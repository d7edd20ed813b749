/**
 * The visit form's state and the record it becomes, in the shared record format
 * (docs/record-format.md, schema docs/record-format.schema.json, version 1.1.0).
 * Pure functions: no React, no network (unit-tested in record.test.ts).
 */
import { fromBeijingInput, toBeijingRfc3339 } from './time';

export const FORMAT_VERSION = '1.1.0';

export type Scale = 'four_grade' | 'three_grade' | 'change' | 'safety' | 'illness_change';

export const SCALE_VALUES: Record<Scale, readonly string[]> = {
  four_grade: ['excellent', 'good', 'fair', 'poor'],
  three_grade: ['good', 'fair', 'poor'],
  change: ['unchanged', 'better', 'worse'],
  safety: ['safe', 'fairly_safe', 'unsafe'],
  illness_change: ['unchanged', 'serious', 'improved'],
};

/** Graded items by section, with the scales the seed forms use (the first is the default). */
export const GRADED = {
  health: {
    expression: ['change', 'four_grade'],
    mobility: ['change', 'four_grade', 'three_grade'],
    reaction: ['three_grade', 'four_grade', 'change'],
    illness: ['illness_change', 'four_grade', 'three_grade'],
    selfCare: ['three_grade'],
  },
  mental: {
    mood: ['change', 'four_grade'],
    thinking: ['four_grade'],
    stress: ['four_grade'],
  },
  safety: {
    gas: ['safety', 'three_grade'],
    heating: ['safety', 'three_grade'],
    electricity: ['safety'],
    housing: ['three_grade'],
    fire: ['three_grade'],
    food: ['three_grade'],
    epidemic: ['three_grade'],
  },
  hygiene: {
    personal: ['change', 'three_grade'],
    household: ['change'],
    surroundings: ['three_grade'],
  },
  environment: {
    indoor: ['change', 'three_grade'],
    outdoor: ['three_grade'],
    neighbours: ['three_grade'],
  },
} as const satisfies Record<string, Record<string, readonly Scale[]>>;

export type GradedSection = keyof typeof GRADED;

export const NEED_CODES = [
  'daily_care',
  'rehabilitation_nursing',
  'emotional_comfort',
  'emergency_rescue',
  'age_friendly_renovation',
  'meal_assistance',
  'medical_assistance',
  'rights_protection',
  'safety_monitoring',
  'home_services',
] as const;
export type NeedCode = (typeof NEED_CODES)[number];

export const REFERRAL_TARGETS = [
  'social_worker',
  'medical',
  'legal_aid',
  'elderly_care',
  'social_assistance',
  'emergency',
  'other',
] as const;

/**
 * 字数上限 — the most characters each free-text field of the form may hold, as the server
 * checks them (api/src/domain/record/format.rs, `Text<N>`), by the form's field name.
 */
export const TEXT_LIMITS: Record<string, number> = {
  modeNote: 200,
  'household.note': 500,
  'health.illnessName': 200,
  'support.note': 500,
  'economy.difficulties': 1000,
  'economy.benefits': 1000,
  'childrenReturn.note': 500,
  needsNote: 1000,
  referrals: 1000,
  problemsFound: 2000,
  servicesGiven: 1000,
  suggestions: 2000,
  'satisfaction.comment': 1000,
};

/** Characters as the server counts them (code points, not UTF-16 units). */
export function textLength(text: string): number {
  return [...text.trim()].length;
}

/** `text` cut to `max` characters (a paste longer than the limit). */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? chars.slice(0, max).join('') : text;
}

export const SATISFACTION = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;

/** GraphQL `VisitMode` ↔ the record's code. */
export function modeCode(mode: string): string {
  return mode.toLowerCase();
}

export interface Grade {
  scale: Scale;
  value: string;
}

export interface NeedAnswer {
  needed: boolean;
  met: boolean;
  urgent: boolean;
  note: string;
}

/** Yes / no / not asked. */
export type TriState = boolean | null;

export interface VisitFormState {
  submissionId: string;
  slotId: string;
  elderId: string;
  /** GraphQL VisitMode (`IN_PERSON`). */
  mode: string;
  modeNote: string;
  /** `datetime-local` values, Beijing time. */
  startedAt: string;
  endedAt: string;
  householdAdded: string;
  householdRemoved: string;
  householdNote: string;
  /** `health.mobility` → grade; absent = not assessed. */
  grades: Record<string, Grade>;
  illnessName: string;
  childrenVisitOften: TriState;
  maintenanceFulfilled: TriState;
  hasCarer: TriState;
  abuseOrNeglect: TriState;
  supportNote: string;
  difficulties: string;
  benefits: string;
  /** Needs asked about; absent = not asked. */
  needs: Partial<Record<NeedCode, NeedAnswer>>;
  needsNote: string;
  referralTarget: string;
  referralDetail: string;
  referralUrgent: boolean;
  problemsFound: string;
  servicesGiven: string;
  suggestions: string;
  satisfaction: string;
  satisfactionComment: string;
  childrenReturnDate: string;
  childrenReturnNote: string;
  confirmMethod: 'signature' | 'read_out_code';
  code: string;
}

export function newVisitForm(args: { submissionId: string; slotId: string; elderId: string; mode: string; startedAt: string }): VisitFormState {
  return {
    ...args,
    modeNote: '',
    endedAt: '',
    householdAdded: '',
    householdRemoved: '',
    householdNote: '',
    grades: {},
    illnessName: '',
    childrenVisitOften: null,
    maintenanceFulfilled: null,
    hasCarer: null,
    abuseOrNeglect: null,
    supportNote: '',
    difficulties: '',
    benefits: '',
    needs: {},
    needsNote: '',
    referralTarget: '',
    referralDetail: '',
    referralUrgent: false,
    problemsFound: '',
    servicesGiven: '',
    suggestions: '',
    satisfaction: '',
    satisfactionComment: '',
    childrenReturnDate: '',
    childrenReturnNote: '',
    confirmMethod: 'signature',
    code: '',
  };
}

/** An uploaded image as a record references it (`POST /photos` answer). */
export interface ImageRef {
  ref: string;
  sha256: string;
  contentType: string;
}

export interface Person {
  id: string;
  name: string;
}

/** A problem found before sending, by the record's field path (as the server would name it). */
export interface LocalProblem {
  field: string;
  code: string;
}

export interface BuiltRecord {
  record: Record<string, unknown>;
  /** Server paths of list items → the form's key (`needs[2].met` → `needs.emotional_comfort`). */
  aliases: Record<string, string>;
}

function text(value: string): string | undefined {
  const t = value.trim();
  return t === '' ? undefined : t;
}

function count(value: string): number {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Drops `undefined` members and empty objects, so absent means "not assessed". */
function compact<T extends Record<string, unknown>>(obj: T): Partial<T> | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined && v !== null) out[k] = v;
  return Object.keys(out).length > 0 ? (out as Partial<T>) : undefined;
}

/** Problems the form can see before sending (the server checks everything again). */
export function checkForm(state: VisitFormState, hasSignature: boolean): LocalProblem[] {
  const problems: LocalProblem[] = [];
  if (!fromBeijingInput(state.startedAt)) problems.push({ field: 'startedAt', code: 'required' });
  if (state.mode === 'OTHER' && !text(state.modeNote)) problems.push({ field: 'modeNote', code: 'required' });
  if (state.confirmMethod === 'signature' && !hasSignature) {
    problems.push({ field: 'confirmation.elder.signature', code: 'required' });
  }
  if (state.confirmMethod === 'read_out_code' && !/^\d{4,8}$/.test(state.code.trim())) {
    problems.push({ field: 'confirmation.elder.code', code: 'required' });
  }
  if (state.referralTarget && !text(state.referralDetail)) problems.push({ field: 'referrals', code: 'required' });
  return problems;
}

/**
 * The record in the shared format. `submittedAt` is when the visitor pressed submit (kept with
 * a queued record, so a later retry sends exactly the same content).
 */
export function buildRecord(
  state: VisitFormState,
  visitor: Person,
  images: { photos: (ImageRef & { takenAt: string })[]; signature: ImageRef | null },
  submittedAt: Date,
): BuiltRecord {
  const aliases: Record<string, string> = {};
  const started = fromBeijingInput(state.startedAt) ?? submittedAt;
  const ended = fromBeijingInput(state.endedAt) ?? submittedAt;
  const startedAt = toBeijingRfc3339(started);
  const endedAt = toBeijingRfc3339(ended);
  const enteredAt = toBeijingRfc3339(submittedAt);

  const sections: Record<string, unknown> = {};
  for (const [section, items] of Object.entries(GRADED)) {
    const out: Record<string, unknown> = {};
    for (const item of Object.keys(items)) {
      const grade = state.grades[`${section}.${item}`];
      if (grade && SCALE_VALUES[grade.scale].includes(grade.value)) out[item] = { scale: grade.scale, value: grade.value };
    }
    if (section === 'health' && out.illness && text(state.illnessName)) out.illnessName = text(state.illnessName);
    if (Object.keys(out).length > 0) sections[section] = out;
  }

  const needs: Record<string, unknown>[] = [];
  for (const code of NEED_CODES) {
    const answer = state.needs[code];
    if (!answer) continue;
    const i = needs.length;
    for (const part of ['need', 'needed', 'met', 'urgent', 'note']) aliases[`needs[${i}].${part}`] = `needs.${code}`;
    aliases[`needs[${i}]`] = `needs.${code}`;
    needs.push({
      need: code,
      needed: answer.needed,
      ...(answer.needed ? { met: answer.met } : {}),
      ...(answer.needed && answer.urgent ? { urgent: true } : {}),
      ...(text(answer.note) ? { note: text(answer.note) } : {}),
    });
  }

  const added = count(state.householdAdded);
  const removed = count(state.householdRemoved);
  const householdTouched = state.householdAdded !== '' || state.householdRemoved !== '' || text(state.householdNote);

  const elder =
    state.confirmMethod === 'signature' && images.signature
      ? { method: 'signature', confirmedAt: endedAt, signature: images.signature }
      : { method: 'read_out_code', confirmedAt: endedAt, code: state.code.trim() };

  const record: Record<string, unknown> = {
    formatVersion: FORMAT_VERSION,
    submissionId: state.submissionId,
    elderId: state.elderId,
    slotId: state.slotId,
    startedAt,
    endedAt,
    mode: modeCode(state.mode),
    ...(state.mode === 'OTHER' && text(state.modeNote) ? { modeNote: text(state.modeNote) } : {}),
    visitor,
    ...(householdTouched ? { household: { added, removed, ...(text(state.householdNote) ? { note: text(state.householdNote) } : {}) } } : {}),
    ...sections,
    ...optional('economy', compact({ difficulties: text(state.difficulties), benefits: text(state.benefits) })),
    ...optional(
      'support',
      compact({
        childrenVisitOften: state.childrenVisitOften,
        maintenanceFulfilled: state.maintenanceFulfilled,
        hasCarer: state.hasCarer,
        abuseOrNeglect: state.abuseOrNeglect,
        note: text(state.supportNote),
      }),
    ),
    ...(needs.length > 0 ? { needs } : {}),
    ...optional('needsNote', text(state.needsNote)),
    ...optional('childrenReturn', compact({ plannedDate: text(state.childrenReturnDate), note: text(state.childrenReturnNote) })),
    ...optional('problemsFound', text(state.problemsFound)),
    ...(text(state.servicesGiven) ? { servicesGiven: [{ description: text(state.servicesGiven) }] } : {}),
    ...(state.referralTarget && text(state.referralDetail)
      ? { referrals: [{ target: state.referralTarget, detail: text(state.referralDetail), urgent: state.referralUrgent }] }
      : {}),
    ...optional('suggestions', text(state.suggestions)),
    ...(state.satisfaction
      ? { satisfaction: { rating: state.satisfaction, ...(text(state.satisfactionComment) ? { comment: text(state.satisfactionComment) } : {}) } }
      : {}),
    ...(images.photos.length > 0 ? { photos: images.photos } : {}),
    confirmation: {
      visitor: { confirmedAt: endedAt },
      elder,
      enteredBy: { person: visitor, enteredAt },
    },
  };
  if (state.referralTarget) {
    aliases['referrals[0].detail'] = 'referrals';
    aliases['referrals[0].target'] = 'referrals';
  }
  return { record, aliases };
}

function optional(key: string, value: unknown): Record<string, unknown> {
  return value === undefined ? {} : { [key]: value };
}

/** The form key a server field path belongs to (list items through the aliases). */
export function formKeyOf(path: string, aliases: Record<string, string>): string {
  if (aliases[path]) return aliases[path];
  if (path.startsWith('photos')) return 'photos';
  if (path.startsWith('confirmation.elder')) return path.startsWith('confirmation.elder.code') ? 'confirmation.elder.code' : 'confirmation.elder.signature';
  if (path.startsWith('household')) return path;
  return path;
}
