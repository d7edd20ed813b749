import { useState, type FormEvent } from 'react';
import { useSession } from '../../api/auth';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import {
  DistrictDeclareSurgeDocument,
  DistrictSurgesDocument,
  DistrictWithdrawSurgeDocument,
  type DistrictSurgesQuery,
  type SurgeKind,
} from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { addDays, dateTimeInChina, inForce, todayInChina } from './dates';
import { SelectField } from '../../components/ChoiceFields';
import './messages';

/* GraphQL */ `
  query DistrictSurges($areaCode: String!) {
    surges(areaCode: $areaCode) {
      id
      kind
      label
      areaCode
      elderId
      elderName
      startsOn
      endsOn
      tiers
      count
      modes
      declaredAt
      withdrawnAt
      withdrawalReason
    }
    districtPolicyHistory(districtCode: $areaCode) {
      effectiveFrom
      pack {
        tiers {
          id
          label
        }
      }
    }
    area(code: $areaCode) {
      code
      name
      children {
        code
        name
      }
    }
  }
  mutation DistrictDeclareSurge($input: SurgeInput!) {
    declareSurge(input: $input) {
      id
      label
    }
  }
  mutation DistrictWithdrawSurge($id: String!, $reason: String!) {
    withdrawSurge(id: $id, reason: $reason) {
      id
      label
      withdrawnAt
    }
  }
`;

type Surge = DistrictSurgesQuery['surges'][number];
const KINDS: SurgeKind[] = ['EXTREME_WEATHER', 'FESTIVAL', 'DISASTER', 'PUBLIC_HEALTH', 'FAMILY_CHANGE'];

function DeclareForm({ district, towns, onDone, onCancel }: {
  district: { code: string; name: string };
  towns: { code: string; name: string }[];
  onDone: (label: string) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const today = todayInChina();
  const [kind, setKind] = useState<SurgeKind>('EXTREME_WEATHER');
  const [label, setLabel] = useState('');
  const [areaCode, setAreaCode] = useState(district.code);
  const [startsOn, setStartsOn] = useState(today);
  const [endsOn, setEndsOn] = useState(addDays(today, 6));
  const [count, setCount] = useState('');
  const [declare, state] = useMutation(DistrictDeclareSurgeDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = count.trim() === '' ? null : Math.round(Number(count));
    const done = await declare({ input: { kind, label: label.trim(), areaCode, startsOn, endsOn, count: n } });
    if (done) onDone(done.declareSurge.label);
  };
  const err = state.error ?? null;
  return (
    <form className="desk-card" onSubmit={(e) => void submit(e)} aria-label={t.district.declare}>
      <h2>{t.district.declare}</h2>
      <div className="desk-grid">
        <SelectField label={t.district.kind} name="kind" value={kind} onChange={(e) => setKind(e.target.value as SurgeKind)} error={err}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t.district.surgeKind[k]}
            </option>
          ))}
        </SelectField>
        <Field label={t.district.label} name="label" value={label} onChange={(e) => setLabel(e.target.value)} placeholder={t.district.labelHint} error={err} />
        <SelectField label={t.district.area} name="areaCode" value={areaCode} onChange={(e) => setAreaCode(e.target.value)} error={err}>
          <option value={district.code}>
            {t.district.wholeDistrict}（{district.name}）
          </option>
          {towns.map((town) => (
            <option key={town.code} value={town.code}>
              {town.name}
            </option>
          ))}
        </SelectField>
        <Field label={t.district.count} name="count" type="number" inputMode="numeric" min={1} value={count} onChange={(e) => setCount(e.target.value)} hint={t.district.countHint} error={err} />
        <Field label={t.district.startsOn} name="startsOn" type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} error={err} />
        <Field label={t.district.endsOn} name="endsOn" type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} error={err} />
      </div>
      <ErrorBox error={state.error} fieldNames={['kind', 'label', 'areaCode', 'startsOn', 'endsOn', 'count']} />
      <div className="desk-actions">
        <Button type="submit" busy={state.loading}>
          {t.district.declareSubmit}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t.district.cancel}
        </Button>
      </div>
    </form>
  );
}

function WithdrawForm({ surge, onDone, onCancel }: { surge: Surge; onDone: () => void; onCancel: () => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [withdraw, state] = useMutation(DistrictWithdrawSurgeDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await withdraw({ id: surge.id, reason })) onDone();
  };
  return (
    <form className="district-inline-form" onSubmit={(e) => void submit(e)} aria-label={`${t.district.withdraw} ${surge.label}`}>
      <Field label={t.district.withdrawReason} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={state.error ?? null} autoFocus />
      <ErrorBox error={state.error} fieldNames={['reason']} />
      <div className="desk-actions">
        <Button type="submit" variant="danger" busy={state.loading}>
          {t.district.withdrawSubmit}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t.district.cancel}
        </Button>
      </div>
    </form>
  );
}

/** 加密探访 — surges declared this year in the district, declaring one and withdrawing one. */
export function SurgesPage() {
  const t = useT();
  const district = useSession()?.account.areaCode ?? '';
  const query = useQuery(DistrictSurgesDocument, { areaCode: district }, { skip: !district });
  const [adding, setAdding] = useState(false);
  const [withdrawing, setWithdrawing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const names = new Map<string, string>();
  const tierLabels = new Map<string, string>();
  for (const tier of (query.data ? inForce(query.data.districtPolicyHistory, todayInChina())?.pack?.tiers : undefined) ?? []) {
    tierLabels.set(tier.id, tier.label);
  }
  if (query.data?.area) {
    names.set(query.data.area.code, query.data.area.name);
    for (const c of query.data.area.children) names.set(c.code, c.name);
  }
  return (
    <Page
      title={t.district.surges}
      actions={adding ? null : <Button onClick={() => { setAdding(true); setNotice(null); }}>{t.district.declare}</Button>}
    >
      {notice ? <p className="desk-notice" role="status">{notice}</p> : null}
      {adding && query.data?.area ? (
        <DeclareForm
          district={query.data.area}
          towns={query.data.area.children}
          onCancel={() => setAdding(false)}
          onDone={(label) => {
            setAdding(false);
            setNotice(format(t.district.declared, { label }));
            void query.refetch();
          }}
        />
      ) : null}
      <QueryView query={query} isEmpty={(d) => d.surges.length === 0} empty={<Empty title={t.district.surgesEmpty} />}>
        {(d) => (
          <ul className="district-list" aria-label={t.district.surges}>
            {[...d.surges]
              .sort((a, b) => b.startsOn.localeCompare(a.startsOn))
              .map((s) => (
                <li key={s.id} className={`desk-card district-surge${s.withdrawnAt ? ' is-withdrawn' : ''}`} data-surge={s.label}>
                  <div className="desk-card-head district-card-head">
                    <h2>{s.label}</h2>
                    <span className={`desk-tag${s.withdrawnAt ? ' district-tag-muted' : ''}`}>
                      {s.withdrawnAt ? t.district.withdrawn : t.district.active}
                    </span>
                  </div>
                  <dl className="desk-dl">
                    <dt>{t.district.kind}</dt>
                    <dd>{s.kind ? t.district.surgeKind[s.kind] : '—'}</dd>
                    <dt>{t.district.area}</dt>
                    <dd>{names.get(s.areaCode) ?? s.areaCode}</dd>
                    <dt>{t.district.window}</dt>
                    <dd>
                      {s.startsOn} – {s.endsOn}
                    </dd>
                    <dt>{t.district.count}</dt>
                    <dd>
                      {s.count} · {s.modes.map((m) => t.district.visitMode[m]).join('、')}
                    </dd>
                    {s.elderId ? (
                      <>
                        <dt>{t.district.appliesToElder}</dt>
                        <dd>{s.elderName ?? '—'}</dd>
                      </>
                    ) : (
                      <>
                        <dt>{t.district.appliesTo}</dt>
                        <dd>{s.tiers.map((id) => tierLabels.get(id) ?? id).join('、') || '—'}</dd>
                      </>
                    )}
                    {s.withdrawnAt ? (
                      <>
                        <dt>{t.district.withdrawReason}</dt>
                        <dd>
                          {s.withdrawalReason} <span className="desk-sub">{dateTimeInChina(s.withdrawnAt)}</span>
                        </dd>
                      </>
                    ) : null}
                  </dl>
                  {!s.withdrawnAt && withdrawing !== s.id ? (
                    <Button variant="secondary" onClick={() => setWithdrawing(s.id)}>
                      {t.district.withdraw}
                    </Button>
                  ) : null}
                  {withdrawing === s.id ? (
                    <WithdrawForm
                      surge={s}
                      onCancel={() => setWithdrawing(null)}
                      onDone={() => {
                        setWithdrawing(null);
                        setNotice(format(t.district.withdrawnNotice, { label: s.label }));
                        void query.refetch();
                      }}
                    />
                  ) : null}
                </li>
              ))}
          </ul>
        )}
      </QueryView>
    </Page>
  );
}
