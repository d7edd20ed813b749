import { describe, expect, it } from 'vitest';
import { emptyContact, emptyForm, emptyMember, fromElder, toInput, type ElderAsRead, type ElderForm } from './elderForm';

/** A form filled as an organizer would for a rural elder living alone. */
function filled(): ElderForm {
  return {
    ...emptyForm('500112001001'),
    name: ' 王秀英 ',
    idNumber: '50011219410520312X',
    phone: '',
    residenceAddress: '三组 12 号',
    urbanRural: 'RURAL',
    abilityLevel: 'MILDLY_IMPAIRED',
    economicStatus: 'MINIMUM_LIVING',
    livingArrangement: 'ALONE',
    consent: 'CONSENTED',
    monthlyIncomeYuan: '800',
    categories: ['LIVING_ALONE'],
    familyMembers: [{ ...emptyMember(), name: '李强', relation: '儿子', age: '52', hasDementia: 'no', disabilityGrade: '3', livesWith: true }],
    emergencyContacts: [{ ...emptyContact(), name: '李强', relation: '儿子', phone: '13900001111' }],
  };
}

describe('elder form → ElderFileInput', () => {
  it('trims text, sends blanks as null and numbers as numbers', () => {
    const { input, errors } = toInput(filled());
    expect(errors).toEqual({});
    expect(input).toMatchObject({
      name: '王秀英',
      phone: null,
      birthDate: null,
      sex: null,
      villageCode: '500112001001',
      monthlyIncomeYuan: 800,
      pensionYuan: null,
      hardshipSupport: null,
      categories: ['LIVING_ALONE'],
      emergencyContacts: [{ name: '李强', relation: '儿子', phone: '13900001111' }],
    });
    expect(input?.familyMembers?.[0]).toMatchObject({
      age: 52,
      ageStatedOn: null,
      birthDate: null,
      hasDementia: false,
      abilityLevel: null,
      disabilityGrade: 3,
      livesWith: true,
      visitsOften: false,
    });
  });

  it('names the fields that cannot be sent, by the API field name', () => {
    const form = { ...filled(), name: ' ', abilityLevel: '' as const, consent: 'REFUSED' as const, pensionYuan: '12.5' };
    form.familyMembers = [{ ...emptyMember(), name: '李强', relation: '', birthDate: '1970-01-01', age: '55' }];
    form.emergencyContacts = [emptyContact()];
    const { input, errors } = toInput(form);
    expect(input).toBeNull();
    expect(errors).toEqual({
      name: 'required',
      abilityLevel: 'required',
      consentNote: 'consentNoteRequired',
      pensionYuan: 'notANumber',
      'familyMembers[0].relation': 'required',
      'familyMembers[0].age': 'memberBirthOrAge',
      'emergencyContacts[0].name': 'required',
      'emergencyContacts[0].relation': 'required',
      'emergencyContacts[0].phone': 'required',
    });
  });

  it('sends the 供养方式 only for 特困人员', () => {
    expect(toInput({ ...filled(), hardshipSupport: 'DISPERSED' }).input?.hardshipSupport).toBeNull();
    expect(toInput({ ...filled(), economicStatus: 'SPECIAL_HARDSHIP', hardshipSupport: 'DISPERSED' }).input?.hardshipSupport).toBe('DISPERSED');
  });
});

describe('file as read → form → input', () => {
  const read: ElderAsRead = {
    name: '赵德明',
    idNumber: '500112********4110',
    birthDate: '1940-03-02',
    sex: 'MALE',
    phone: '138****5678',
    villageCode: '500112001001',
    residenceAddress: '五组 3 号',
    urbanRural: 'RURAL',
    abilityLevel: 'SEVERELY_IMPAIRED',
    hasDementia: true,
    disabilityGrade: null,
    economicStatus: 'ORDINARY',
    livingArrangement: 'WITH_SPOUSE',
    familyMembers: [
      { name: '刘梅', relation: '配偶', visitsOften: false, livesWith: true, age: 78, ageStatedOn: '2025-06-01', hasDementia: null },
    ],
    emergencyContacts: [
      { order: 2, name: '村委会', relation: '村干部', phone: '023-****1234' },
      { order: 1, name: '赵军', relation: '儿子', phone: '139****1111' },
    ],
    categories: ['DISABLED'],
    consent: 'CONSENTED',
    sharesWithFamily: true,
  };

  it('keeps the masked values, the call order and the day an age was stated', () => {
    const form = fromElder(read);
    expect(form.emergencyContacts.map((c) => c.name)).toEqual(['赵军', '村委会']);
    expect(form.familyMembers[0]?.hasDementia).toBe('');
    const { input, errors } = toInput(form);
    expect(errors).toEqual({});
    expect(input).toMatchObject({ idNumber: '500112********4110', phone: '138****5678', hasDementia: true, disabilityGrade: null, sharesWithFamily: true });
    expect(input?.familyMembers?.[0]).toMatchObject({ age: 78, ageStatedOn: '2025-06-01', hasDementia: null });
  });

  it('counts a changed age from the day it is entered', () => {
    const form = fromElder(read);
    form.familyMembers[0] = { ...form.familyMembers[0]!, age: '79', ageStatedOn: '' };
    expect(toInput(form).input?.familyMembers?.[0]).toMatchObject({ age: 79, ageStatedOn: null });
  });
});
