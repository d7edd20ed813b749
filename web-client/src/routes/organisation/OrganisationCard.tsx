import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { QueryView } from '../../components/QueryView';
import {
  OrganisationAddMemberDocument,
  OrganisationSetMemberDocument,
  OrganisationStatementDocument,
  type OrganisationDetailFragment,
} from '../../gql/graphql';
import { hours } from '../../components/hours';
import { format, useT } from '../../i18n';
import { todayInChina } from '../district/dates';
import { VolunteerOverview } from '../organizer/VolunteerOverview';
import '../../components/desk.css';
import './organisation.css';
import './messages';

/* GraphQL */ `
  fragment OrganisationDetail on Organisation {
    id
    kind
    name
    areaCode
    areaName
    members {
      userId
      displayName
      isAdmin
    }
    contracts {
      id
      areaName
      startsOn
      endsOn
      promisedVisits
      promisedMinutes
    }
  }
  query OrganisationStatement($contractId: String!, $month: String!) {
    contractStatement(contractId: $contractId, month: $month) {
      month
      promisedVisits
      promisedMinutes
      visits
      minutes
      elders
      returnedOrRejected
      spotChecked
      spotFailed
    }
  }
  mutation OrganisationAddMember($organisationId: String!, $account: String!) {
    addOrganisationMember(organisationId: $organisationId, account: $account) {
      userId
    }
  }
  mutation OrganisationSetMember($organisationId: String!, $userId: String!, $member: Boolean!, $admin: Boolean) {
    setOrganisationMember(organisationId: $organisationId, userId: $userId, member: $member, admin: $admin) {
      userId
    }
  }
`;

type Contract = NonNullable<OrganisationDetailFragment['contracts']>[number];

/** The month to show first (`2026-11`): today's, or the contract's nearest month when today is outside it. */
function firstMonth(contract: Contract, today: string): string {
  const month = today.slice(0, 7);
  if (month < contract.startsOn.slice(0, 7)) return contract.startsOn.slice(0, 7);
  if (month > contract.endsOn.slice(0, 7)) return contract.endsOn.slice(0, 7);
  return month;
}

function Statement({ contract }: { contract: Contract }) {
  const t = useT();
  const [month, setMonth] = useState(() => firstMonth(contract, todayInChina()));
  const query = useQuery(OrganisationStatementDocument, { contractId: contract.id, month });
  const f = t.organisation.figures;
  return (
    <li className="org-contract" data-contract={contract.startsOn}>
      <p>
        <strong>{format(t.organisation.period, { from: contract.startsOn, to: contract.endsOn })}</strong>
        {' · '}
        {contract.areaName ?? '—'}
        {' · '}
        {format(t.organisation.promised, { visits: String(contract.promisedVisits), hours: hours(contract.promisedMinutes) })}
      </p>
      <Field
        label={t.organisation.month}
        name="month"
        type="month"
        value={month}
        min={contract.startsOn.slice(0, 7)}
        max={contract.endsOn.slice(0, 7)}
        onChange={(e) => {
          if (/^\d{4}-\d{2}$/.test(e.target.value)) setMonth(e.target.value);
        }}
      />
      <QueryView query={query}>
        {(d) => {
          const s = d.contractStatement;
          return (
            <table className="desk-table" aria-label={`${t.organisation.statement} ${s.month}`}>
              <thead>
                <tr>
                  <th scope="col">{t.organisation.statement}</th>
                  <th scope="col">{t.organisation.delivered}</th>
                  <th scope="col">{t.organisation.promisedShare}</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">{f.visits}</th>
                  <td>{s.visits}</td>
                  <td>{s.promisedVisits}</td>
                </tr>
                <tr>
                  <th scope="row">{f.hours}</th>
                  <td>{hours(s.minutes)}</td>
                  <td>{hours(s.promisedMinutes)}</td>
                </tr>
                <tr>
                  <th scope="row">{f.elders}</th>
                  <td>{s.elders}</td>
                  <td>—</td>
                </tr>
                <tr>
                  <th scope="row">{f.returned}</th>
                  <td>{s.returnedOrRejected}</td>
                  <td>—</td>
                </tr>
                <tr>
                  <th scope="row">{f.spotChecked}</th>
                  <td>{s.spotChecked}</td>
                  <td>—</td>
                </tr>
                <tr>
                  <th scope="row">{f.spotFailed}</th>
                  <td>{s.spotFailed}</td>
                  <td>—</td>
                </tr>
              </tbody>
            </table>
          );
        }}
      </QueryView>
      <p className="desk-sub">{t.organisation.statementHint}</p>
    </li>
  );
}

function AddMember({ organisationId, onDone }: { organisationId: string; onDone: () => void }) {
  const t = useT();
  const [account, setAccount] = useState('');
  const [add, state] = useMutation(OrganisationAddMemberDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await add({ organisationId, account })) {
      setAccount('');
      onDone();
    }
  };
  return (
    <form className="org-add" onSubmit={(e) => void submit(e)} aria-label={t.organisation.add}>
      <Field
        label={t.organisation.account}
        name="account"
        value={account}
        onChange={(e) => setAccount(e.target.value)}
        hint={t.organisation.accountHint}
        autoComplete="off"
        error={state.error ?? null}
      />
      <ErrorBox error={state.error} fieldNames={['account']} />
      <Button type="submit" busy={state.loading} disabled={!account.trim()}>
        {t.organisation.add}
      </Button>
    </form>
  );
}

/**
 * 组织 — one organisation: its kind and area; for those who manage it (staff of its area, its
 * admin members) its members, adding and removing them, and its contracts with each month's
 * statement. `staff` may also name an admin.
 */
export function OrganisationCard({
  org,
  staff,
  role,
  onChanged,
  children,
}: {
  org: OrganisationDetailFragment;
  staff: boolean;
  /** The caller's own membership, on 我的组织. */
  role?: 'admin' | 'member';
  onChanged: () => void;
  /** More for this organisation, after its contracts (the district's 签订服务合同). */
  children?: ReactNode;
}) {
  const t = useT();
  const [setMember, state] = useMutation(OrganisationSetMemberDocument);
  const [notice, setNotice] = useState<string | null>(null);
  const [overview, setOverview] = useState(false);
  const change = async (userId: string, member: boolean, admin: boolean, name: string) => {
    setNotice(null);
    if (await setMember({ organisationId: org.id, userId, member, admin })) {
      if (!member) setNotice(format(t.organisation.removed, { name }));
      onChanged();
    }
  };
  return (
    <li className="desk-card org-card" data-organisation={org.name}>
      <div className="desk-card-head">
        <h2>{org.name}</h2>
        <span className="desk-tag">{t.organisation.kind[org.kind]}</span>
      </div>
      <p className="desk-sub">
        {t.organisation.area}：{org.areaName ?? '—'}
        {role ? ` · ${role === 'admin' ? t.organisation.youAdmin : t.organisation.youMember}` : ''}
      </p>
      {org.members ? (
        <section aria-label={format(t.organisation.members, { n: String(org.members.length) })}>
          <h3>{format(t.organisation.members, { n: String(org.members.length) })}</h3>
          {notice ? (
            <p className="desk-notice" role="status">
              {notice}
            </p>
          ) : null}
          <ul className="org-members">
            {org.members.map((m) => (
              <li key={m.userId}>
                <span>{m.displayName}</span>
                {m.isAdmin ? <span className="desk-tag">{t.organisation.admin}</span> : null}
                {staff && !m.isAdmin ? (
                  <Button variant="secondary" onClick={() => void change(m.userId, true, true, m.displayName)}>
                    {t.organisation.makeAdmin}
                  </Button>
                ) : null}
                {staff || !m.isAdmin ? (
                  <Button variant="secondary" onClick={() => void change(m.userId, false, false, m.displayName)}>
                    {t.organisation.remove}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
          <ErrorBox error={state.error} />
          <AddMember organisationId={org.id} onDone={onChanged} />
          {org.members.length > 0 ? (
            <Button variant="secondary" aria-expanded={overview} onClick={() => setOverview(!overview)}>
              {overview ? t.organisation.overviewHide : t.organisation.overviewShow}
            </Button>
          ) : null}
          {overview ? <VolunteerOverview of={{ organisationId: org.id }} /> : null}
        </section>
      ) : (
        <p className="desk-sub">{t.organisation.membersHidden}</p>
      )}
      {org.contracts && (org.kind === 'INSTITUTION' || org.contracts.length > 0) ? (
        <section aria-label={t.organisation.contracts}>
          <h3>{t.organisation.contracts}</h3>
          {org.contracts.length === 0 ? <p className="desk-sub">{t.organisation.contractsEmpty}</p> : null}
          <ul className="org-contracts">
            {org.contracts.map((c) => (
              <Statement key={c.id} contract={c} />
            ))}
          </ul>
        </section>
      ) : null}
      {children}
    </li>
  );
}
