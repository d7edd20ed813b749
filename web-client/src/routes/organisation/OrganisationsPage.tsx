import { useState, type FormEvent } from 'react';
import { useSession } from '../../api/auth';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/ChoiceFields';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import {
  OrganisationsCreateDocument,
  OrganisationsInAreaDocument,
  OrganisationsSignContractDocument,
  type OrganisationDetailFragment,
  type OrganisationKind,
} from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { todayInChina } from '../district/dates';
import { OrganisationCard } from './OrganisationCard';
import './messages';

/* GraphQL */ `
  query OrganisationsInArea($areaCode: String!) {
    organisations(areaCode: $areaCode) {
      ...OrganisationDetail
    }
    area(code: $areaCode) {
      code
      name
      children {
        code
        name
        children {
          code
          name
        }
      }
    }
  }
  mutation OrganisationsCreate($kind: OrganisationKind!, $name: String!, $areaCode: String!) {
    createOrganisation(kind: $kind, name: $name, areaCode: $areaCode) {
      id
      name
    }
  }
  mutation OrganisationsSignContract(
    $organisationId: String!
    $areaCode: String!
    $startsOn: LocalDate!
    $endsOn: LocalDate!
    $promisedVisits: Int!
    $promisedMinutes: Int!
  ) {
    signServiceContract(
      organisationId: $organisationId
      areaCode: $areaCode
      startsOn: $startsOn
      endsOn: $endsOn
      promisedVisits: $promisedVisits
      promisedMinutes: $promisedMinutes
    ) {
      id
    }
  }
`;

const KINDS: OrganisationKind[] = ['INSTITUTION', 'SOCIAL_WORK_STATION', 'VOLUNTEER_TEAM', 'SCHOOL', 'OFFICE'];

type Area = { code: string; name: string };

function CreateForm({ areas, onDone, onCancel }: { areas: Area[]; onDone: (name: string) => void; onCancel: () => void }) {
  const t = useT();
  const [kind, setKind] = useState<OrganisationKind>('INSTITUTION');
  const [name, setName] = useState('');
  const [areaCode, setAreaCode] = useState(areas[0]?.code ?? '');
  const [create, state] = useMutation(OrganisationsCreateDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await create({ kind, name: name.trim(), areaCode });
    if (done) onDone(done.createOrganisation.name);
  };
  const err = state.error ?? null;
  return (
    <form className="desk-card" onSubmit={(e) => void submit(e)} aria-label={t.organisation.create}>
      <h2>{t.organisation.create}</h2>
      <div className="desk-grid">
        <SelectField label={t.organisation.kindLabel} name="kind" value={kind} onChange={(e) => setKind(e.target.value as OrganisationKind)} error={err}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t.organisation.kind[k]}
            </option>
          ))}
        </SelectField>
        <Field label={t.organisation.name} name="name" value={name} onChange={(e) => setName(e.target.value)} error={err} />
        <SelectField label={t.organisation.area} name="areaCode" value={areaCode} onChange={(e) => setAreaCode(e.target.value)} error={err}>
          {areas.map((a) => (
            <option key={a.code} value={a.code}>
              {a.name}
            </option>
          ))}
        </SelectField>
      </div>
      <ErrorBox error={state.error} fieldNames={['kind', 'name', 'areaCode']} />
      <div className="desk-actions">
        <Button type="submit" busy={state.loading}>
          {t.organisation.createSubmit}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t.organisation.cancel}
        </Button>
      </div>
    </form>
  );
}

/** 签订服务合同 — the district admin records a provider's contract. */
function SignForm({ org, areas, onDone }: { org: OrganisationDetailFragment; areas: Area[]; onDone: () => void }) {
  const t = useT();
  const today = todayInChina();
  const [open, setOpen] = useState(false);
  const [areaCode, setAreaCode] = useState(org.areaCode);
  const [startsOn, setStartsOn] = useState(today);
  const [endsOn, setEndsOn] = useState(`${Number(today.slice(0, 4))}-12-31`);
  const [visits, setVisits] = useState('');
  const [hours, setHours] = useState('');
  const [sign, state] = useMutation(OrganisationsSignContractDocument);
  if (!open)
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {t.organisation.sign}
      </Button>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await sign({
      organisationId: org.id,
      areaCode,
      startsOn,
      endsOn,
      promisedVisits: Math.round(Number(visits || 0)),
      promisedMinutes: Math.round(Number(hours || 0) * 60),
    });
    if (done) {
      setOpen(false);
      onDone();
    }
  };
  const err = state.error ?? null;
  return (
    <form className="org-inline-form" onSubmit={(e) => void submit(e)} aria-label={`${t.organisation.sign} ${org.name}`}>
      <div className="desk-grid">
        <SelectField label={t.organisation.serviceArea} name="areaCode" value={areaCode} onChange={(e) => setAreaCode(e.target.value)} error={err}>
          {areas.map((a) => (
            <option key={a.code} value={a.code}>
              {a.name}
            </option>
          ))}
        </SelectField>
        <Field label={t.organisation.startsOn} name="startsOn" type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} error={err} />
        <Field label={t.organisation.endsOn} name="endsOn" type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} error={err} />
        <Field label={t.organisation.promisedVisits} name="promisedVisits" type="number" inputMode="numeric" min={0} value={visits} onChange={(e) => setVisits(e.target.value)} error={err} />
        <Field label={t.organisation.promisedHours} name="promisedMinutes" type="number" inputMode="decimal" min={0} value={hours} onChange={(e) => setHours(e.target.value)} error={err} />
      </div>
      <ErrorBox error={state.error} fieldNames={['organisationId', 'areaCode', 'startsOn', 'endsOn', 'promisedVisits', 'promisedMinutes']} />
      <div className="desk-actions">
        <Button type="submit" busy={state.loading}>
          {t.organisation.signSubmit}
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          {t.organisation.cancel}
        </Button>
      </div>
    </form>
  );
}

/**
 * 组织 — the organisations registered in the caller's area (schools, 社工站, teams, providers):
 * registering one, managing its members, and for the district admin a provider's contracts
 * and their monthly statements.
 */
export function OrganisationsPage() {
  const t = useT();
  const account = useSession()?.account;
  const areaCode = account?.areaCode ?? '';
  const district = account?.role === 'DISTRICT_ADMIN';
  const query = useQuery(OrganisationsInAreaDocument, { areaCode }, { skip: !areaCode });
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const areas: Area[] = [];
  const top = query.data?.area;
  if (top) {
    areas.push({ code: top.code, name: top.name });
    for (const c of top.children) {
      areas.push({ code: c.code, name: c.name });
      for (const g of c.children) areas.push({ code: g.code, name: `${c.name} · ${g.name}` });
    }
  }
  const refetch = () => void query.refetch();
  return (
    <Page
      title={t.organisation.title}
      actions={adding ? null : <Button onClick={() => { setAdding(true); setNotice(null); }}>{t.organisation.create}</Button>}
    >
      {notice ? (
        <p className="desk-notice" role="status">
          {notice}
        </p>
      ) : null}
      {adding && top ? (
        <CreateForm
          areas={areas}
          onCancel={() => setAdding(false)}
          onDone={(name) => {
            setAdding(false);
            setNotice(format(t.organisation.created, { name }));
            refetch();
          }}
        />
      ) : null}
      <QueryView query={query} isEmpty={(d) => d.organisations.length === 0} empty={<Empty title={t.organisation.empty} />}>
        {(d) => (
          <ul className="org-list" aria-label={t.organisation.title}>
            {d.organisations.map((org) => (
              <OrganisationCard key={org.id} org={org} staff onChanged={refetch}>
                {district && org.kind === 'INSTITUTION' ? <SignForm org={org} areas={areas} onDone={refetch} /> : null}
              </OrganisationCard>
            ))}
          </ul>
        )}
      </QueryView>
    </Page>
  );
}
