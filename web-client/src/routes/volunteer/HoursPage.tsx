import { useEffect, useState } from 'react';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import { request } from '../../api/client';
import { toApiError, type ApiError } from '../../api/errors';
import {
  VolunteerLedgerAccountsDocument,
  VolunteerStatementDocument,
  type VolunteerLedgerAccountsQuery,
  type VolunteerStatementQuery,
} from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { useCachedQuery } from './cache';
import { hours } from '../../components/hours';
import { GiveCare } from './GiveCare';
import { MyNoShows } from './MyNoShows';
import { MyProofs } from './MyProofs';
import { MyTrainingRecord } from './MyTrainingRecord';
import { OfflineNote } from './OfflineNote';
import { MyServiceRecord } from './ServiceRecord';
import { shortBeijing } from './time';
import { TimeBankActions } from './TimeBankActions';
import './messages';

/* GraphQL */ `
  query VolunteerLedgerAccounts {
    me {
      id
      mayRedeemHours
    }
    myLedgerAccounts {
      id
      book
      kind
      term
      termLabel
      balanceMinutes
      creditsMinutes
      debitsMinutes
    }
  }
  query VolunteerStatement($accountId: String!, $first: Int, $after: String) {
    ledgerStatement(accountId: $accountId, first: $first, after: $after) {
      id
      kind
      amountMinutes
      recordId
      memo
      createdAt
    }
  }
`;

type Account = VolunteerLedgerAccountsQuery['myLedgerAccounts'][number];
type Transfer = VolunteerStatementQuery['ledgerStatement'][number];
const PAGE = 20;


function Statement({ accountId }: { accountId: string }) {
  const t = useT();
  const [rows, setRows] = useState<Transfer[] | null>(null);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const load = async (after?: string) => {
    setLoading(true);
    setError(null);
    try {
      const data = await request(VolunteerStatementDocument, { accountId, first: PAGE, after });
      const page = data.ledgerStatement;
      setRows((r) => [...(after ? (r ?? []) : []), ...page]);
      setMore(page.length === PAGE);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [accountId]);
  if (error && rows === null) return <ErrorBox error={error} onRetry={() => void load()} />;
  if (rows === null) return <Loading />;
  if (rows.length === 0) return <Empty title={t.volunteer.noTransfers} />;
  return (
    <>
      <ul className="v-statement" aria-label={t.volunteer.statement}>
        {rows.map((r) => (
          <li key={r.id}>
            <span>{r.kind ? t.volunteer.transferKinds[r.kind] : ''}</span>
            <span className="v-muted">{shortBeijing(r.createdAt)}</span>
            <strong className={r.amountMinutes < 0 ? 'v-neg' : 'v-pos'}>
              {r.amountMinutes > 0 ? '+' : ''}
              {format(t.volunteer.minutesValue, { m: Math.round(r.amountMinutes) })}
            </strong>
          </li>
        ))}
      </ul>
      {error ? <ErrorBox error={error} /> : null}
      {more ? (
        <Button variant="secondary" block busy={loading} onClick={() => void load(rows[rows.length - 1]?.id)}>
          {t.volunteer.loadMore}
        </Button>
      ) : null}
    </>
  );
}

function AccountCard({ account, mayRedeem, onChanged }: { account: Account; mayRedeem: boolean; onChanged: () => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  // Bumped after a transfer, so an open statement loads again.
  const [changes, setChanges] = useState(0);
  return (
    <li className="v-card v-account" data-account-id={account.id}>
      <div className="v-slot-head">
        <strong>{account.book ? t.volunteer.books[account.book] : ''}</strong>
        {account.termLabel ? <span className="v-muted">{account.termLabel}</span> : null}
      </div>
      <p className="v-balance">
        <span className="v-muted">{t.volunteer.balance}</span>
        <strong data-testid="balance">{format(t.volunteer.hoursValue, { h: hours(account.balanceMinutes) })}</strong>
        <span className="v-muted">{format(t.volunteer.minutesValue, { m: Math.round(account.balanceMinutes) })}</span>
      </p>
      <p className="v-meta">
        <span>{t.volunteer.credits} {format(t.volunteer.hoursValue, { h: hours(account.creditsMinutes) })}</span>
        <span>{t.volunteer.debits} {format(t.volunteer.hoursValue, { h: hours(account.debitsMinutes) })}</span>
      </p>
      {account.book === 'TIME_BANK' ? (
        <TimeBankActions
          balanceMinutes={account.balanceMinutes}
          mayRedeem={mayRedeem}
          onDone={() => {
            setChanges((n) => n + 1);
            onChanged();
          }}
        />
      ) : null}
      <Button variant="secondary" block aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {open ? t.volunteer.hideStatement : t.volunteer.showStatement}
      </Button>
      {open ? <Statement key={changes} accountId={account.id} /> : null}
    </li>
  );
}

/** 时长 — my hours in the time bank, or my service credit per term. */
export function HoursPage() {
  const t = useT();
  const accounts = useCachedQuery('hours', VolunteerLedgerAccountsDocument);
  // Bumped after care is recorded, so the record and the balances load again.
  const [recordVersion, setRecordVersion] = useState(0);
  return (
    <Page title={t.volunteer.hours}>
      <OfflineNote cachedAt={accounts.cachedAt} />
      <QueryView
        query={accounts}
        isEmpty={(d) => d.myLedgerAccounts.length === 0}
        empty={<Empty title={t.volunteer.noAccounts}>{t.volunteer.noAccountsHint}</Empty>}
      >
        {(data) => (
          <ul className="v-list">
            {data.myLedgerAccounts.map((a) => (
              <AccountCard key={a.id} account={a} mayRedeem={data.me?.mayRedeemHours ?? false} onChanged={() => void accounts.refetch()} />
            ))}
          </ul>
        )}
      </QueryView>
      <MyServiceRecord key={recordVersion} />
      <GiveCare
        onDone={() => {
          setRecordVersion((n) => n + 1);
          void accounts.refetch();
        }}
      />
      <MyProofs />
      <MyNoShows />
      <MyTrainingRecord />
    </Page>
  );
}
