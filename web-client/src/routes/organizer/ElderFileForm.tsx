import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { ApiError } from '../../api/errors';
import { Button } from '../../components/Button';
import { SelectField, TextAreaField } from '../../components/ChoiceFields';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import type { Category, ElderFileInput } from '../../gql/graphql';
import { format, useLang, useT } from '../../i18n';
import { emptyContact, emptyMember, toInput, type ElderForm, type LocalErrors, type MemberForm, type TriState } from './elderForm';
import './elderFile.css';
import { enumLabel, enumValues, type EnumName } from './labels';
import './messages';

export interface Village {
  code: string;
  name: string;
}

interface Props {
  initial: ElderForm;
  /** The villages of the organizer's area, by name. */
  villages: Village[];
  /** 编辑: masked values are kept when left as read. */
  editing?: boolean;
  submitLabel: string;
  busy: boolean;
  error: ApiError | null;
  /** Text shown for the API error instead of its code's (e.g. a version conflict explained). */
  errorNote?: ReactNode;
  /** More fields after the file (生效日期, 变更原因 when editing). */
  extra?: ReactNode;
  cancelTo: string;
  onSubmit: (input: ElderFileInput) => void;
}

/**
 * 登记表: every field of the elder file, in the form's order — basic information, residence,
 * health, economy, living arrangement and family, children away, emergency contacts,
 * categories, risk, consent. Two columns at a desk, one on a tablet.
 */
export function ElderFileForm({ initial, villages, editing, submitLabel, busy, error, errorNote, extra, cancelTo, onSubmit }: Props) {
  const t = useT();
  const m = t.organizer.elderFile;
  const { lang } = useLang();
  const [form, setForm] = useState<ElderForm>(initial);
  const [local, setLocal] = useState<LocalErrors>({});

  const set = <K extends keyof ElderForm>(key: K, value: ElderForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setMember = (i: number, patch: Partial<MemberForm>) =>
    setForm((f) => ({ ...f, familyMembers: f.familyMembers.map((x, j) => (j === i ? { ...x, ...patch } : x)) }));
  const setContact = (i: number, patch: Partial<ElderForm['emergencyContacts'][number]>) =>
    setForm((f) => ({ ...f, emergencyContacts: f.emergencyContacts.map((x, j) => (j === i ? { ...x, ...patch } : x)) }));
  const localText = (name: string): string | null => {
    const p = local[name];
    if (!p) return null;
    return p === 'required' ? m.required : m[p];
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { input, errors } = toInput(form);
    setLocal(errors);
    if (input) onSubmit(input);
  };

  // Shorthands: a text field, a select of an enum, a date.
  const text = (name: keyof ElderForm & string, label: string, props: { hint?: ReactNode; required?: boolean; inputMode?: 'numeric' | 'tel'; type?: string } = {}) => (
    <Field
      label={props.required ? `${label}（${m.required}）` : label}
      name={name}
      type={props.type ?? 'text'}
      inputMode={props.inputMode}
      value={form[name] as string}
      onChange={(e) => set(name, e.target.value as never)}
      error={error}
      localError={localText(name)}
      hint={props.hint}
    />
  );
  const date = (name: keyof ElderForm & string, label: string, hint?: ReactNode) => text(name, label, { type: 'date', hint });
  const choice = (name: keyof ElderForm & string, label: string, kind: EnumName, opts: { required?: boolean; empty?: string } = {}) => (
    <SelectField
      label={opts.required ? `${label}（${m.required}）` : label}
      name={name}
      value={form[name] as string}
      onChange={(e) => set(name, e.target.value as never)}
      error={error}
      localError={localText(name)}
    >
      <option value="">{opts.empty ?? (opts.required ? '—' : m.notRecorded)}</option>
      {enumValues(kind).map((v) => (
        <option key={v} value={v}>{enumLabel(lang, kind, v)}</option>
      ))}
    </SelectField>
  );
  const check = (label: string, checked: boolean, onChange: (v: boolean) => void, name: string) => (
    <label className="ef-check">
      <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
  const grades = (name: string, value: string, onChange: (v: string) => void, label: string) => (
    <SelectField label={label} name={name} value={value} onChange={(e) => onChange(e.target.value)} error={error} localError={localText(name)}>
      <option value="">{m.noDisability}</option>
      {[1, 2, 3, 4].map((g) => (
        <option key={g} value={String(g)}>{format(m.gradeN, { n: g })}</option>
      ))}
    </SelectField>
  );
  // The fields shown with their own error; the API's problems with any other go to the ErrorBox.
  const unplaced = ['categories', 'hasDementia', 'hasSeriousIllness', 'sharesWithFamily', 'familyMembers', 'emergencyContacts', 'livesWith', 'visitsOften', 'ageStatedOn'];
  const fieldNames = [
    ...Object.keys(form).filter((k) => !unplaced.includes(k)),
    ...form.familyMembers.flatMap((_, i) => Object.keys(emptyMember()).filter((k) => !unplaced.includes(k)).map((k) => `familyMembers[${i}].${k}`)),
    ...form.emergencyContacts.flatMap((_, i) => ['name', 'relation', 'phone'].map((k) => `emergencyContacts[${i}].${k}`)),
    'effectiveFrom',
    'reason',
  ];

  return (
    <form className="ef-form" onSubmit={submit} noValidate data-testid="elder-form">
      <fieldset className="ef-section">
        <legend>{m.secBasic}</legend>
        <div className="ef-grid">
          {text('name', m.name, { required: true })}
          {text('idNumber', m.idNumber, { required: true, hint: editing ? m.idNumberMaskedHint : m.idNumberHint })}
          {date('birthDate', m.birthDate, m.birthDateHint)}
          {choice('sex', m.sex, 'Sex')}
          {text('phone', m.phone, { inputMode: 'tel', hint: editing && form.phone.includes('*') ? m.maskedKeepHint : undefined })}
        </div>
      </fieldset>

      <fieldset className="ef-section">
        <legend>{m.secResidence}</legend>
        <div className="ef-grid">
          <SelectField
            label={`${m.village}（${m.required}）`}
            name="villageCode"
            value={form.villageCode}
            onChange={(e) => set('villageCode', e.target.value)}
            error={error}
            localError={local.villageCode ? m.villageRequired : null}
          >
            <option value="">{m.chooseVillage}</option>
            {villages.map((v) => (
              <option key={v.code} value={v.code}>{v.name}</option>
            ))}
          </SelectField>
          {text('residenceAddress', m.residenceAddress, { required: true })}
          <SelectField
            label={m.householdVillage}
            name="householdVillageCode"
            value={form.householdVillageCode}
            onChange={(e) => set('householdVillageCode', e.target.value)}
            error={error}
          >
            <option value="">{m.householdOther}</option>
            {villages.map((v) => (
              <option key={v.code} value={v.code}>{v.name}</option>
            ))}
          </SelectField>
          {text('householdAddress', m.householdAddress)}
          {choice('urbanRural', m.urbanRural, 'UrbanRural', { required: true })}
        </div>
      </fieldset>

      <fieldset className="ef-section">
        <legend>{m.secHealth}</legend>
        <div className="ef-grid">
          {choice('abilityLevel', m.abilityLevel, 'AbilityLevel', { required: true })}
          <TextAreaField label={m.diseaseHistory} name="diseaseHistory" value={form.diseaseHistory} onChange={(e) => set('diseaseHistory', e.target.value)} error={error} />
          <div className="ef-checks">
            {check(m.hasDementia, form.hasDementia, (v) => set('hasDementia', v), 'hasDementia')}
            {check(m.hasSeriousIllness, form.hasSeriousIllness, (v) => set('hasSeriousIllness', v), 'hasSeriousIllness')}
          </div>
          {text('disabilityCertificateNo', m.disabilityCertificateNo, { hint: editing && form.disabilityCertificateNo.includes('*') ? m.maskedKeepHint : undefined })}
          {grades('disabilityGrade', form.disabilityGrade, (v) => set('disabilityGrade', v), m.disabilityGrade)}
        </div>
      </fieldset>

      <fieldset className="ef-section">
        <legend>{m.secEconomy}</legend>
        <div className="ef-grid">
          {choice('economicStatus', m.economicStatus, 'EconomicStatus', { required: true })}
          {form.economicStatus === 'SPECIAL_HARDSHIP' ? choice('hardshipSupport', m.hardshipSupport, 'HardshipSupport') : null}
          {text('monthlyIncomeYuan', m.monthlyIncomeYuan, { inputMode: 'numeric' })}
          {text('pensionYuan', m.pensionYuan, { inputMode: 'numeric' })}
          {text('subsidies', m.subsidies)}
        </div>
      </fieldset>

      <fieldset className="ef-section">
        <legend>{m.secLiving}</legend>
        <div className="ef-grid">{choice('livingArrangement', m.livingArrangement, 'LivingArrangement', { required: true })}</div>
        <h3 className="ef-subtitle">{m.familyMembers}</h3>
        {form.familyMembers.length === 0 ? <p className="org-muted">{m.noMembers}</p> : null}
        {form.familyMembers.map((member, i) => {
          const at = (f: string) => `familyMembers[${i}].${f}`;
          const memberText = (f: keyof MemberForm & string, label: string, props: { hint?: ReactNode; type?: string; inputMode?: 'numeric' | 'tel'; required?: boolean } = {}) => (
            <Field
              label={props.required ? `${label}（${m.required}）` : label}
              name={at(f)}
              type={props.type ?? 'text'}
              inputMode={props.inputMode}
              value={member[f] as string}
              onChange={(e) => setMember(i, f === 'age' ? { age: e.target.value, ageStatedOn: '' } : { [f]: e.target.value })}
              error={error}
              localError={localText(at(f))}
              hint={props.hint}
            />
          );
          return (
            <div className="ef-row" key={i} data-testid="member-row" role="group" aria-label={format(m.memberN, { n: i + 1 })}>
              <div className="ef-row-head">
                <h4>{format(m.memberN, { n: i + 1 })}</h4>
                <Button variant="secondary" onClick={() => setForm((f) => ({ ...f, familyMembers: f.familyMembers.filter((_, j) => j !== i) }))}>
                  {m.remove}
                </Button>
              </div>
              <div className="ef-grid">
                {memberText('name', m.name, { required: true })}
                {memberText('relation', m.relation, { required: true, hint: m.relationHint })}
                {memberText('birthDate', m.memberBirthDate, { type: 'date' })}
                {memberText('age', m.memberAge, { inputMode: 'numeric', hint: m.memberAgeHint })}
                <SelectField label={m.sex} name={at('sex')} value={member.sex} onChange={(e) => setMember(i, { sex: e.target.value as MemberForm['sex'] })} error={error}>
                  <option value="">{m.notRecorded}</option>
                  {enumValues('Sex').map((v) => (
                    <option key={v} value={v}>{enumLabel(lang, 'Sex', v)}</option>
                  ))}
                </SelectField>
                {memberText('phone', m.phone, { inputMode: 'tel', hint: editing && member.phone.includes('*') ? m.maskedKeepHint : undefined })}
                <SelectField
                  label={m.abilityLevel}
                  name={at('abilityLevel')}
                  value={member.abilityLevel}
                  onChange={(e) => setMember(i, { abilityLevel: e.target.value as MemberForm['abilityLevel'] })}
                  error={error}
                >
                  <option value="">{m.notRecorded}</option>
                  {enumValues('AbilityLevel').map((v) => (
                    <option key={v} value={v}>{enumLabel(lang, 'AbilityLevel', v)}</option>
                  ))}
                </SelectField>
                <SelectField
                  label={m.hasDementia}
                  name={at('hasDementia')}
                  value={member.hasDementia}
                  onChange={(e) => setMember(i, { hasDementia: e.target.value as TriState })}
                  error={error}
                >
                  <option value="">{m.notRecorded}</option>
                  <option value="yes">{m.yes}</option>
                  <option value="no">{m.no}</option>
                </SelectField>
                {grades(at('disabilityGrade'), member.disabilityGrade, (v) => setMember(i, { disabilityGrade: v }), m.disabilityGrade)}
                {memberText('health', m.health, { hint: m.healthHint })}
                <div className="ef-checks">
                  {check(m.livesWith, member.livesWith, (v) => setMember(i, { livesWith: v }), at('livesWith'))}
                  {check(m.visitsOften, member.visitsOften, (v) => setMember(i, { visitsOften: v }), at('visitsOften'))}
                </div>
              </div>
            </div>
          );
        })}
        <Button variant="secondary" onClick={() => setForm((f) => ({ ...f, familyMembers: [...f.familyMembers, emptyMember()] }))}>
          {m.addMember}
        </Button>
      </fieldset>

      <fieldset className="ef-section">
        <legend>{m.secChildrenAway}</legend>
        <div className="ef-grid">
          {text('childrenAwayLocation', m.childrenAwayLocation)}
          {date('childrenAwaySince', m.childrenAwaySince)}
          {date('childrenPlannedReturn', m.childrenPlannedReturn)}
        </div>
      </fieldset>

      <fieldset className="ef-section">
        <legend>{m.secContacts}</legend>
        {form.emergencyContacts.length === 0 ? <p className="org-muted">{m.noContacts}</p> : null}
        {form.emergencyContacts.map((c, i) => {
          const at = (f: string) => `emergencyContacts[${i}].${f}`;
          const contactText = (f: 'name' | 'relation' | 'phone', label: string, hint?: ReactNode) => (
            <Field
              label={`${label}（${m.required}）`}
              name={at(f)}
              inputMode={f === 'phone' ? 'tel' : undefined}
              value={c[f]}
              onChange={(e) => setContact(i, { [f]: e.target.value })}
              error={error}
              localError={localText(at(f))}
              hint={hint}
            />
          );
          return (
            <div className="ef-row" key={i} data-testid="contact-row" role="group" aria-label={format(m.contactN, { n: i + 1 })}>
              <div className="ef-row-head">
                <h4>{format(m.contactN, { n: i + 1 })}</h4>
                {i > 0 ? (
                  <Button
                    variant="secondary"
                    onClick={() =>
                      setForm((f) => {
                        const list = [...f.emergencyContacts];
                        [list[i - 1], list[i]] = [list[i]!, list[i - 1]!];
                        return { ...f, emergencyContacts: list };
                      })
                    }
                  >
                    {m.moveUp}
                  </Button>
                ) : null}{' '}
                <Button variant="secondary" onClick={() => setForm((f) => ({ ...f, emergencyContacts: f.emergencyContacts.filter((_, j) => j !== i) }))}>
                  {m.remove}
                </Button>
              </div>
              <div className="ef-grid">
                {contactText('name', m.name)}
                {contactText('relation', m.relation, m.relationHint)}
                {contactText('phone', m.phone, editing && c.phone.includes('*') ? m.maskedKeepHint : undefined)}
              </div>
            </div>
          );
        })}
        <Button variant="secondary" onClick={() => setForm((f) => ({ ...f, emergencyContacts: [...f.emergencyContacts, emptyContact()] }))}>
          {m.addContact}
        </Button>
      </fieldset>

      <fieldset className="ef-section">
        <legend>{m.secCategories}</legend>
        <p className="field-hint">{m.categoriesHint}</p>
        <div className="ef-categories">
          {(enumValues('Category') as Category[]).map((c) => (
            <span key={c}>
              {check(
                enumLabel(lang, 'Category', c),
                form.categories.includes(c),
                (on) => set('categories', on ? [...form.categories, c] : form.categories.filter((x) => x !== c)),
                'categories',
              )}
            </span>
          ))}
        </div>
        <div className="ef-grid">
          <TextAreaField label={m.helpReceived} name="helpReceived" value={form.helpReceived} onChange={(e) => set('helpReceived', e.target.value)} error={error} />
        </div>
      </fieldset>

      <fieldset className="ef-section">
        <legend>{m.secRisk}</legend>
        <div className="ef-grid">
          {choice('riskLevel', m.riskLevel, 'RiskLevel')}
          {date('riskAssessedOn', m.riskAssessedOn)}
          {text('riskAssessor', m.riskAssessor)}
        </div>
      </fieldset>

      <fieldset className="ef-section">
        <legend>{m.secConsent}</legend>
        <div className="ef-grid">
          {choice('consent', m.consent, 'ConsentStatus', { required: true })}
          {date('consentRecordedOn', m.consentRecordedOn)}
          <TextAreaField
            label={form.consent === 'REFUSED' ? `${m.consentNote}（${m.required}）` : m.consentNote}
            name="consentNote"
            value={form.consentNote}
            onChange={(e) => set('consentNote', e.target.value)}
            error={error}
            localError={localText('consentNote')}
            hint={m.consentNoteHint}
          />
          <div className="ef-checks">{check(m.sharesWithFamily, form.sharesWithFamily, (v) => set('sharesWithFamily', v), 'sharesWithFamily')}</div>
        </div>
      </fieldset>

      {extra}

      {error && errorNote ? (
        <div className="state state-error" role="alert" data-testid="form-error-note">
          <p className="state-title">{errorNote}</p>
        </div>
      ) : (
        <ErrorBox error={error} fieldNames={fieldNames} />
      )}
      <div className="ef-actions">
        <Button type="submit" busy={busy}>{submitLabel}</Button>{' '}
        <Link to={cancelTo}>{m.cancel}</Link>
      </div>
    </form>
  );
}
