import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import {
  SchoolRegisterStudentDocument,
  SchoolStudentsDocument,
  type SchoolStudentsQuery,
  type StudentInput,
} from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { todayInChina } from './term';
import './messages';

/* GraphQL */ `
  query SchoolStudents($after: String) {
    accounts(first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        username
        displayName
        role
        status
        isMinor
        idNumber
        guardianName
        guardianConsentOn
        createdAt
      }
    }
  }
  mutation SchoolRegisterStudent($input: StudentInput!) {
    registerStudent(input: $input) {
      id
      displayName
    }
  }
`;

type Account = SchoolStudentsQuery['accounts']['nodes'][number];

/** The students among the accounts (the school's scope also holds its admins), each once. */
function students(accounts: Account[]): Account[] {
  return [...new Map(accounts.filter((a) => a.role === 'VISITOR').map((a) => [a.id, a])).values()];
}

const FIELDS = [
  'username',
  'password',
  'realName',
  'idNumber',
  'phone',
  'guardianName',
  'guardianRelation',
  'guardianPhone',
  'guardianConsentOn',
] as const;

function RegisterForm({ onDone, onCancel }: { onDone: (name: string) => void; onCancel: () => void }) {
  const t = useT();
  const [values, setValues] = useState<Record<(typeof FIELDS)[number], string>>(
    Object.fromEntries(FIELDS.map((f) => [f, ''])) as Record<(typeof FIELDS)[number], string>,
  );
  const [register, state] = useMutation(SchoolRegisterStudentDocument);
  const set = (name: (typeof FIELDS)[number]) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const opt = (s: string) => (s.trim() === '' ? null : s.trim());
    const input: StudentInput = {
      username: values.username.trim(),
      password: values.password,
      realName: values.realName.trim(),
      idNumber: values.idNumber.trim(),
      phone: opt(values.phone),
      guardianName: opt(values.guardianName),
      guardianRelation: opt(values.guardianRelation),
      guardianPhone: opt(values.guardianPhone),
      guardianConsentOn: opt(values.guardianConsentOn),
    };
    const done = await register({ input });
    if (done) onDone(done.registerStudent.displayName);
  };
  const err = state.error ?? null;
  return (
    <form className="desk-card" onSubmit={(e) => void submit(e)} aria-label={t.school.registerTitle}>
      <h2>{t.school.registerTitle}</h2>
      <div className="desk-grid">
        <Field label={t.school.realName} name="realName" value={values.realName} onChange={set('realName')} error={err} required />
        <Field label={t.school.idNumber} name="idNumber" value={values.idNumber} onChange={set('idNumber')} error={err} required />
        <Field label={t.school.username} name="username" value={values.username} onChange={set('username')} error={err} autoComplete="off" required />
        <Field label={t.school.password} name="password" type="password" value={values.password} onChange={set('password')} error={err} autoComplete="new-password" required />
        <Field label={t.school.phone} name="phone" type="tel" value={values.phone} onChange={set('phone')} error={err} />
      </div>
      <p className="field-hint">{t.school.guardianHint}</p>
      <div className="desk-grid">
        <Field label={t.school.guardianName} name="guardianName" value={values.guardianName} onChange={set('guardianName')} error={err} />
        <Field label={t.school.guardianRelation} name="guardianRelation" value={values.guardianRelation} onChange={set('guardianRelation')} error={err} />
        <Field label={t.school.guardianPhone} name="guardianPhone" type="tel" value={values.guardianPhone} onChange={set('guardianPhone')} error={err} />
        <Field label={t.school.guardianConsentOn} name="guardianConsentOn" type="date" value={values.guardianConsentOn} onChange={set('guardianConsentOn')} error={err} />
      </div>
      <ErrorBox error={state.error} fieldNames={[...FIELDS]} />
      <div className="desk-actions">
        <Button type="submit" busy={state.loading}>
          {t.school.save}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t.school.cancel}
        </Button>
      </div>
    </form>
  );
}

/** 学生 — the school's students, and registering one. */
export function StudentsPage() {
  const t = useT();
  // Cursor pages: earlier pages are kept while the next one loads.
  const [after, setAfter] = useState<string | null>(null);
  const [earlier, setEarlier] = useState<SchoolStudentsQuery['accounts']['nodes']>([]);
  const query = useQuery(SchoolStudentsDocument, { after });
  const restart = () => {
    setEarlier([]);
    if (after === null) void query.refetch();
    else setAfter(null);
  };
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Page
      title={t.school.students}
      actions={
        adding ? null : (
          <Button onClick={() => { setAdding(true); setNotice(null); }}>{t.school.register}</Button>
        )
      }
    >
      {adding ? (
        <RegisterForm
          onCancel={() => setAdding(false)}
          onDone={(name) => {
            setAdding(false);
            setNotice(format(t.school.registered, { name }));
            restart();
          }}
        />
      ) : null}
      {notice ? <p className="desk-notice" role="status">{notice}</p> : null}
      <QueryView query={query} isEmpty={(d) => students([...earlier, ...d.accounts.nodes]).length === 0} empty={<Empty title={t.school.studentsEmpty} />}>
        {(d) => (
          <>
          <div className="desk-table-wrap">
            <table className="desk-table">
              <thead>
                <tr>
                  <th>{t.school.name}</th>
                  <th>{t.school.username}</th>
                  <th>{t.school.idNumber}</th>
                  <th>{t.school.guardian}</th>
                  <th>{t.school.status}</th>
                  <th>{t.school.registeredOn}</th>
                </tr>
              </thead>
              <tbody>
                {students([...earlier, ...d.accounts.nodes]).map((s) => (
                  <tr key={s.id}>
                    <td>
                      {s.displayName}
                      {s.isMinor ? <span className="desk-tag">{t.school.minor}</span> : null}
                    </td>
                    <td>{s.username}</td>
                    <td className="desk-mono">{s.idNumber ?? '—'}</td>
                    <td>{s.guardianName ? `${s.guardianName}${s.guardianConsentOn ? ` (${s.guardianConsentOn})` : ''}` : '—'}</td>
                    <td>{s.status ? t.school.accountStatus[s.status] : '—'}</td>
                    <td>{todayInChina(new Date(s.createdAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {d.accounts.pageInfo.hasNextPage ? (
            <Button
              variant="secondary"
              busy={query.loading}
              onClick={() => {
                setEarlier((e) => [...e, ...d.accounts.nodes]);
                setAfter(d.accounts.pageInfo.endCursor ?? null);
              }}
            >
              {t.school.more}
            </Button>
          ) : null}
          </>
        )}
      </QueryView>
    </Page>
  );
}
