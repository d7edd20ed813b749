import type {
  AbilityLevel,
  Category,
  ConsentStatus,
  EconomicStatus,
  ElderFileInput,
  EmergencyContactInput,
  FamilyMemberInput,
  HardshipSupport,
  LivingArrangement,
  RiskLevel,
  Sex,
  UrbanRural,
} from '../../gql/graphql';

/**
 * The 登记表 as the form holds it: text as typed, `''` for "not chosen". `toInput` turns it
 * into the API's ElderFileInput, `fromElder` fills it from a file as read (for 编辑).
 */

/** A yes/no that may also be left unrecorded (a member's 失智). */
export type TriState = '' | 'yes' | 'no';

export interface MemberForm {
  name: string;
  relation: string;
  health: string;
  phone: string;
  birthDate: string;
  age: string;
  /** Carried unchanged from the file while the age is unchanged; not shown. */
  ageStatedOn: string;
  sex: '' | Sex;
  abilityLevel: '' | AbilityLevel;
  hasDementia: TriState;
  /** `''`: no disability recorded. */
  disabilityGrade: string;
  livesWith: boolean;
  visitsOften: boolean;
}

export interface ContactForm {
  name: string;
  relation: string;
  phone: string;
}

export interface ElderForm {
  name: string;
  idNumber: string;
  birthDate: string;
  sex: '' | Sex;
  phone: string;
  villageCode: string;
  residenceAddress: string;
  householdVillageCode: string;
  householdAddress: string;
  urbanRural: '' | UrbanRural;
  abilityLevel: '' | AbilityLevel;
  diseaseHistory: string;
  hasDementia: boolean;
  hasSeriousIllness: boolean;
  disabilityCertificateNo: string;
  disabilityGrade: string;
  economicStatus: '' | EconomicStatus;
  hardshipSupport: '' | HardshipSupport;
  monthlyIncomeYuan: string;
  pensionYuan: string;
  subsidies: string;
  livingArrangement: '' | LivingArrangement;
  familyMembers: MemberForm[];
  childrenAwayLocation: string;
  childrenAwaySince: string;
  childrenPlannedReturn: string;
  emergencyContacts: ContactForm[];
  categories: Category[];
  helpReceived: string;
  riskLevel: '' | RiskLevel;
  riskAssessedOn: string;
  riskAssessor: string;
  consent: '' | ConsentStatus;
  consentNote: string;
  consentRecordedOn: string;
  sharesWithFamily: boolean;
}

export function emptyMember(): MemberForm {
  return {
    name: '',
    relation: '',
    health: '',
    phone: '',
    birthDate: '',
    age: '',
    ageStatedOn: '',
    sex: '',
    abilityLevel: '',
    hasDementia: '',
    disabilityGrade: '',
    livesWith: false,
    visitsOften: false,
  };
}

export function emptyContact(): ContactForm {
  return { name: '', relation: '', phone: '' };
}

/** A blank 登记表; the village preset when the organizer's area has only one. */
export function emptyForm(villageCode = ''): ElderForm {
  return {
    name: '',
    idNumber: '',
    birthDate: '',
    sex: '',
    phone: '',
    villageCode,
    residenceAddress: '',
    householdVillageCode: '',
    householdAddress: '',
    urbanRural: '',
    abilityLevel: '',
    diseaseHistory: '',
    hasDementia: false,
    hasSeriousIllness: false,
    disabilityCertificateNo: '',
    disabilityGrade: '',
    economicStatus: '',
    hardshipSupport: '',
    monthlyIncomeYuan: '',
    pensionYuan: '',
    subsidies: '',
    livingArrangement: '',
    familyMembers: [],
    childrenAwayLocation: '',
    childrenAwaySince: '',
    childrenPlannedReturn: '',
    emergencyContacts: [],
    categories: [],
    helpReceived: '',
    riskLevel: '',
    riskAssessedOn: '',
    riskAssessor: '',
    consent: '',
    consentNote: '',
    consentRecordedOn: '',
    sharesWithFamily: false,
  };
}

/** Why a field cannot be sent yet, by the API's field name (`familyMembers[0].age`). */
export type LocalProblem = 'required' | 'notANumber' | 'consentNoteRequired' | 'memberBirthOrAge';

export type LocalErrors = Record<string, LocalProblem>;

const text = (s: string): string | null => (s.trim() === '' ? null : s.trim());

/** `toInput`: the input to send, or the problems found before sending (by field). */
export function toInput(form: ElderForm): { input: ElderFileInput | null; errors: LocalErrors } {
  const errors: LocalErrors = {};
  const required = (field: string, value: string) => {
    if (value.trim() === '') errors[field] = 'required';
    return value.trim();
  };
  const int = (field: string, value: string): number | null => {
    const v = value.trim();
    if (v === '') return null;
    if (!/^-?\d+$/.test(v)) {
      errors[field] = 'notANumber';
      return null;
    }
    return Number(v);
  };
  const choice = <T extends string>(field: string, value: '' | T): T => {
    if (value === '') errors[field] = 'required';
    return value as T;
  };

  const familyMembers = form.familyMembers.map((m, i): FamilyMemberInput => {
    const at = (f: string) => `familyMembers[${i}].${f}`;
    const age = int(at('age'), m.age);
    if (m.birthDate && age !== null) errors[at('age')] = 'memberBirthOrAge';
    return {
      name: required(at('name'), m.name),
      relation: required(at('relation'), m.relation),
      health: text(m.health),
      phone: text(m.phone),
      visitsOften: m.visitsOften,
      livesWith: m.livesWith,
      birthDate: m.birthDate || null,
      age,
      // A stated age keeps the day it was stated; a changed age counts from today (server).
      ageStatedOn: age !== null && m.ageStatedOn ? m.ageStatedOn : null,
      sex: m.sex || null,
      abilityLevel: m.abilityLevel || null,
      hasDementia: m.hasDementia === '' ? null : m.hasDementia === 'yes',
      disabilityGrade: int(at('disabilityGrade'), m.disabilityGrade),
    };
  });
  const emergencyContacts = form.emergencyContacts.map(
    (c, i): EmergencyContactInput => ({
      name: required(`emergencyContacts[${i}].name`, c.name),
      relation: required(`emergencyContacts[${i}].relation`, c.relation),
      phone: required(`emergencyContacts[${i}].phone`, c.phone),
    }),
  );
  if (form.consent === 'REFUSED' && form.consentNote.trim() === '') errors.consentNote = 'consentNoteRequired';

  const input: ElderFileInput = {
    name: required('name', form.name),
    idNumber: required('idNumber', form.idNumber),
    birthDate: form.birthDate || null,
    sex: form.sex || null,
    phone: text(form.phone),
    villageCode: required('villageCode', form.villageCode),
    residenceAddress: required('residenceAddress', form.residenceAddress),
    householdVillageCode: form.householdVillageCode || null,
    householdAddress: text(form.householdAddress),
    urbanRural: choice('urbanRural', form.urbanRural),
    abilityLevel: choice('abilityLevel', form.abilityLevel),
    diseaseHistory: text(form.diseaseHistory),
    hasDementia: form.hasDementia,
    hasSeriousIllness: form.hasSeriousIllness,
    disabilityCertificateNo: text(form.disabilityCertificateNo),
    disabilityGrade: int('disabilityGrade', form.disabilityGrade),
    economicStatus: choice('economicStatus', form.economicStatus),
    hardshipSupport: form.economicStatus === 'SPECIAL_HARDSHIP' ? form.hardshipSupport || null : null,
    monthlyIncomeYuan: int('monthlyIncomeYuan', form.monthlyIncomeYuan),
    pensionYuan: int('pensionYuan', form.pensionYuan),
    subsidies: text(form.subsidies),
    livingArrangement: choice('livingArrangement', form.livingArrangement),
    familyMembers,
    childrenAwayLocation: text(form.childrenAwayLocation),
    childrenAwaySince: form.childrenAwaySince || null,
    childrenPlannedReturn: form.childrenPlannedReturn || null,
    emergencyContacts,
    categories: form.categories,
    helpReceived: text(form.helpReceived),
    riskLevel: form.riskLevel || null,
    riskAssessedOn: form.riskAssessedOn || null,
    riskAssessor: text(form.riskAssessor),
    consent: choice('consent', form.consent),
    consentNote: text(form.consentNote),
    consentRecordedOn: form.consentRecordedOn || null,
    sharesWithFamily: form.sharesWithFamily,
  };
  return { input: Object.keys(errors).length === 0 ? input : null, errors };
}

/** The parts of a file as read that the form shows (the organizer query's elder). */
export interface ElderAsRead {
  name: string;
  idNumber: string;
  birthDate: string;
  sex?: Sex | null;
  phone?: string | null;
  villageCode: string;
  residenceAddress: string;
  householdVillageCode?: string | null;
  householdAddress?: string | null;
  urbanRural?: UrbanRural | null;
  abilityLevel?: AbilityLevel | null;
  diseaseHistory?: string | null;
  hasDementia?: boolean | null;
  hasSeriousIllness?: boolean | null;
  disabilityCertificateNo?: string | null;
  disabilityGrade?: number | null;
  economicStatus?: EconomicStatus | null;
  hardshipSupport?: HardshipSupport | null;
  monthlyIncomeYuan?: number | null;
  pensionYuan?: number | null;
  subsidies?: string | null;
  livingArrangement?: LivingArrangement | null;
  familyMembers: {
    name: string;
    relation: string;
    health?: string | null;
    phone?: string | null;
    visitsOften: boolean;
    livesWith: boolean;
    birthDate?: string | null;
    age?: number | null;
    ageStatedOn?: string | null;
    sex?: Sex | null;
    abilityLevel?: AbilityLevel | null;
    hasDementia?: boolean | null;
    disabilityGrade?: number | null;
  }[];
  childrenAwayLocation?: string | null;
  childrenAwaySince?: string | null;
  childrenPlannedReturn?: string | null;
  emergencyContacts: { order: number; name: string; relation: string; phone: string }[];
  categories: Category[];
  helpReceived?: string | null;
  riskLevel?: RiskLevel | null;
  riskAssessedOn?: string | null;
  riskAssessor?: string | null;
  consent?: ConsentStatus | null;
  consentNote?: string | null;
  consentRecordedOn?: string | null;
  sharesWithFamily: boolean;
}

const str = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

/**
 * The form filled from a file as read. Masked values (ID number, phones, certificate number)
 * stay masked: sent back unchanged, the server keeps the stored ones.
 */
export function fromElder(e: ElderAsRead): ElderForm {
  return {
    name: e.name,
    idNumber: e.idNumber,
    birthDate: e.birthDate,
    sex: e.sex ?? '',
    phone: str(e.phone),
    villageCode: e.villageCode,
    residenceAddress: e.residenceAddress,
    householdVillageCode: str(e.householdVillageCode),
    householdAddress: str(e.householdAddress),
    urbanRural: e.urbanRural ?? '',
    abilityLevel: e.abilityLevel ?? '',
    diseaseHistory: str(e.diseaseHistory),
    hasDementia: e.hasDementia ?? false,
    hasSeriousIllness: e.hasSeriousIllness ?? false,
    disabilityCertificateNo: str(e.disabilityCertificateNo),
    disabilityGrade: str(e.disabilityGrade),
    economicStatus: e.economicStatus ?? '',
    hardshipSupport: e.hardshipSupport ?? '',
    monthlyIncomeYuan: str(e.monthlyIncomeYuan),
    pensionYuan: str(e.pensionYuan),
    subsidies: str(e.subsidies),
    livingArrangement: e.livingArrangement ?? '',
    familyMembers: e.familyMembers.map((m) => ({
      name: m.name,
      relation: m.relation,
      health: str(m.health),
      phone: str(m.phone),
      birthDate: str(m.birthDate),
      age: str(m.age),
      ageStatedOn: str(m.ageStatedOn),
      sex: m.sex ?? '',
      abilityLevel: m.abilityLevel ?? '',
      hasDementia: m.hasDementia === null || m.hasDementia === undefined ? '' : m.hasDementia ? 'yes' : 'no',
      disabilityGrade: str(m.disabilityGrade),
      livesWith: m.livesWith,
      visitsOften: m.visitsOften,
    })),
    childrenAwayLocation: str(e.childrenAwayLocation),
    childrenAwaySince: str(e.childrenAwaySince),
    childrenPlannedReturn: str(e.childrenPlannedReturn),
    emergencyContacts: [...e.emergencyContacts]
      .sort((a, b) => a.order - b.order)
      .map((c) => ({ name: c.name, relation: c.relation, phone: c.phone })),
    categories: [...e.categories],
    helpReceived: str(e.helpReceived),
    riskLevel: e.riskLevel ?? '',
    riskAssessedOn: str(e.riskAssessedOn),
    riskAssessor: str(e.riskAssessor),
    consent: e.consent ?? '',
    consentNote: str(e.consentNote),
    consentRecordedOn: str(e.consentRecordedOn),
    sharesWithFamily: e.sharesWithFamily,
  };
}
