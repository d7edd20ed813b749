import { useState, type FormEvent } from 'react';
import { Link, Navigate } from 'react-router';
import { login, useSession } from '../../api/auth';
import { request } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { ApiError, toApiError } from '../../api/errors';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/ChoiceFields';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { SignUpAreasDocument, SignUpDocument, type VisitorKind } from '../../gql/graphql';
import { useT } from '../../i18n';
import { afterLogin } from '../homes';
import './messages';

/* GraphQL */ `
  query SignUpAreas($parentCode: String) {
    signUpAreas(parentCode: $parentCode) {
      code
      name
    }
  }
  mutation SignUp($input: VisitorRegistrationInput!) {
    registerVisitor(input: $input) {
      id
    }
  }
`;

const FIELDS = ['username', 'password', 'realName', 'idNumber', 'phone', 'homeVillageCode', 'kind'];
/** Students are registered by their school; everyone else signs up here. */
const KINDS: VisitorKind[] = ['VOLUNTEER', 'SENIOR_VOLUNTEER', 'PROFESSIONAL'];

/** One level of the administrative tree to choose from (区 → 镇/街道 → 村/社区). */
function AreaSelect(props: {
  label: string;
  name: string;
  parentCode: string | null;
  value: string;
  onChange: (code: string) => void;
  error: ApiError | null;
  localError?: string | null;
}) {
  const t = useT();
  const areas = useQuery(SignUpAreasDocument, { parentCode: props.parentCode });
  const options = areas.data?.signUpAreas ?? [];
  return (
    <SelectField
      label={props.label}
      name={props.name}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      error={props.error}
      localError={props.localError}
      disabled={areas.loading && options.length === 0}
    >
      <option value="">{areas.loading ? t.state.loading : t.signUp.choose}</option>
      {options.map((a) => (
        <option key={a.code} value={a.code}>
          {a.name}
        </option>
      ))}
    </SelectField>
  );
}

/**
 * 注册 — a volunteer, a younger senior or a professional registers under their real name and
 * home village, then is signed in and waits for the town's approval (the pending screen).
 */
export function SignUpPage() {
  const t = useT();
  const session = useSession();
  const [form, setForm] = useState({ username: '', password: '', realName: '', idNumber: '', phone: '', kind: 'VOLUNTEER' as VisitorKind });
  const [district, setDistrict] = useState('');
  const [town, setTown] = useState('');
  const [village, setVillage] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const target = afterLogin(session?.account.role, null);
  if (target && !busy) return <Navigate to={target} replace />;

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const required = (name: string) => (missing.includes(name) ? t.login.required : null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const empty = [
      ...(['username', 'password', 'realName', 'idNumber', 'phone'] as const).filter((k) => !form[k].trim()),
      ...(village ? [] : ['homeVillageCode']),
    ];
    setMissing(empty);
    if (empty.length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await request(SignUpDocument, {
        input: {
          username: form.username.trim(),
          password: form.password,
          realName: form.realName.trim(),
          idNumber: form.idNumber.trim(),
          phone: form.phone.trim(),
          homeVillageCode: village,
          kind: form.kind,
        },
      });
      await login(form.username.trim(), form.password);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login" id="main">
      <div className="login-top">
        <LanguageSwitch />
      </div>
      <div className="login-card">
        <p className="login-brand">{t.app.name}</p>
        <h1>{t.signUp.title}</h1>
        <p className="login-tagline">{t.signUp.lead}</p>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <SelectField label={t.signUp.kind} name="kind" value={form.kind} onChange={set('kind')} error={error}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t.signUp.kinds[k]}
              </option>
            ))}
          </SelectField>
          <Field label={t.signUp.realName} name="realName" autoComplete="name" value={form.realName} onChange={set('realName')} error={error} localError={required('realName')} />
          <Field
            label={t.signUp.idNumber}
            name="idNumber"
            inputMode="text"
            autoComplete="off"
            maxLength={18}
            value={form.idNumber}
            onChange={set('idNumber')}
            error={error}
            localError={required('idNumber')}
            hint={t.signUp.idHint}
          />
          <Field label={t.signUp.phone} name="phone" type="tel" autoComplete="tel" inputMode="tel" value={form.phone} onChange={set('phone')} error={error} localError={required('phone')} />
          <AreaSelect
            label={t.signUp.district}
            name="district"
            parentCode={null}
            value={district}
            onChange={(c) => {
              setDistrict(c);
              setTown('');
              setVillage('');
            }}
            error={null}
          />
          {district ? (
            <AreaSelect
              label={t.signUp.town}
              name="town"
              parentCode={district}
              value={town}
              onChange={(c) => {
                setTown(c);
                setVillage('');
              }}
              error={null}
            />
          ) : null}
          {town ? (
            <AreaSelect label={t.signUp.village} name="homeVillageCode" parentCode={town} value={village} onChange={setVillage} error={error} localError={required('homeVillageCode')} />
          ) : missing.includes('homeVillageCode') ? (
            <p className="field-error" data-field-error="homeVillageCode">
              {t.signUp.chooseVillage}
            </p>
          ) : null}
          <Field
            label={t.login.username}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={form.username}
            onChange={set('username')}
            error={error}
            localError={required('username')}
          />
          <Field
            label={t.login.password}
            name="password"
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={set('password')}
            error={error}
            localError={required('password')}
            hint={t.signUp.passwordHint}
          />
          {error ? <ErrorBox error={error} fieldNames={FIELDS} /> : null}
          <Button type="submit" block busy={busy}>
            {busy ? t.signUp.submitting : t.signUp.submit}
          </Button>
        </form>
        <p className="login-switch">
          {t.signUp.haveAccount} <Link to="/login">{t.login.submit}</Link>
        </p>
      </div>
    </main>
  );
}
