import { useState, type FormEvent } from 'react';
import { useSession } from '../../api/auth';
import { useMutation, useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import { DistrictChoosePackDocument, DistrictPolicyDocument, type DistrictPolicyQuery } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { dateTimeInChina, firstOfNextMonth, inForce, todayInChina } from './dates';
import { SelectField } from '../../components/ChoiceFields';
import './messages';

/* GraphQL */ `
  query DistrictPolicy($districtCode: String!) {
    policyPacks {
      id
      name
      document
      reporting
      festivalNames
      tiers {
        id
        label
        whenWords
        requirements {
          label
        }
      }
    }
    districtPolicyHistory(districtCode: $districtCode) {
      packId
      pack {
        name
      }
      effectiveFrom
      note
      chosenBy
      chosenAt
    }
  }
  mutation DistrictChoosePack($districtCode: String!, $packId: String!, $effectiveFrom: LocalDate!, $note: String) {
    choosePolicyPack(districtCode: $districtCode, packId: $packId, effectiveFrom: $effectiveFrom, note: $note) {
      packId
      effectiveFrom
    }
  }
`;

type Data = DistrictPolicyQuery;

function ChooseForm({ district, data, onDone }: { district: string; data: Data; onDone: (message: string) => void }) {
  const t = useT();
  const [packId, setPackId] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState(firstOfNextMonth(todayInChina()));
  const [note, setNote] = useState('');
  const [choose, state] = useMutation(DistrictChoosePackDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await choose({ districtCode: district, packId, effectiveFrom, note: note.trim() || null });
    if (done) {
      const name = data.policyPacks.find((p) => p.id === done.choosePolicyPack.packId)?.name ?? done.choosePolicyPack.packId;
      onDone(format(t.district.chosen, { name, date: done.choosePolicyPack.effectiveFrom }));
    }
  };
  const err = state.error ?? null;
  return (
    <form className="desk-card" onSubmit={(e) => void submit(e)} aria-label={t.district.choose}>
      <h2>{t.district.choose}</h2>
      <div className="desk-grid">
        <SelectField label={t.district.pack} name="packId" value={packId} onChange={(e) => setPackId(e.target.value)} error={err}>
          <option value="">{t.district.choosePack}</option>
          {data.policyPacks.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <Field label={t.district.effectiveFrom} name="effectiveFrom" type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} error={err} />
      </div>
      <Field label={t.district.note} name="note" value={note} onChange={(e) => setNote(e.target.value)} error={err} />
      <p className="field-hint">{t.district.chooseHint}</p>
      <ErrorBox error={state.error} fieldNames={['packId', 'effectiveFrom', 'note']} />
      <Button type="submit" busy={state.loading}>
        {t.district.chooseSubmit}
      </Button>
    </form>
  );
}

/** 政策 — the pack in force, the district's history of choices, choosing a pack, the packs. */
export function PolicyPage() {
  const t = useT();
  const district = useSession()?.account.areaCode ?? '';
  const query = useQuery(DistrictPolicyDocument, { districtCode: district }, { skip: !district });
  const [notice, setNotice] = useState<string | null>(null);
  const today = todayInChina();
  return (
    <Page title={t.district.policy}>
      {notice ? <p className="desk-notice" role="status">{notice}</p> : null}
      <QueryView query={query}>
        {(d) => {
          const current = inForce(d.districtPolicyHistory, today);
          const currentPack = current ? d.policyPacks.find((p) => p.id === current.packId) : undefined;
          return (
            <>
              <section className="desk-card district-current" aria-label={t.district.inForce}>
                <h2>{t.district.inForce}</h2>
                {current ? (
                  <p className="district-big" data-testid="pack-in-force">
                    {current.pack?.name ?? current.packId}
                    <span className="desk-sub">
                      {t.district.effectiveFrom} {current.effectiveFrom}
                      {currentPack ? ` · ${t.district.reporting}：${t.district.period[currentPack.reporting]}` : ''}
                    </span>
                  </p>
                ) : (
                  <Empty title={t.district.noPack} />
                )}
              </section>
              <h2 className="desk-h2">{t.district.history}</h2>
              {d.districtPolicyHistory.length === 0 ? (
                <Empty title={t.district.historyEmpty} />
              ) : (
                <ol className="district-history" aria-label={t.district.history}>
                  {[...d.districtPolicyHistory].reverse().map((c) => (
                    <li key={`${c.effectiveFrom}-${c.chosenAt}`} className="desk-card">
                      <div className="desk-card-head district-card-head">
                        <strong>{c.pack?.name ?? c.packId}</strong>
                        {c === current ? <span className="desk-tag">{t.district.inForce}</span> : null}
                        {c.effectiveFrom > today ? <span className="desk-tag district-tag-muted">{t.district.scheduled}</span> : null}
                      </div>
                      <dl className="desk-dl">
                        <dt>{t.district.effectiveFrom}</dt>
                        <dd>{c.effectiveFrom}</dd>
                        {c.note ? (
                          <>
                            <dt>{t.district.note}</dt>
                            <dd>{c.note}</dd>
                          </>
                        ) : null}
                        <dt>{t.district.chosenBy}</dt>
                        <dd>
                          {c.chosenBy} · {dateTimeInChina(c.chosenAt)}
                        </dd>
                      </dl>
                    </li>
                  ))}
                </ol>
              )}
              <ChooseForm
                district={district}
                data={d}
                onDone={(message) => {
                  setNotice(message);
                  void query.refetch();
                }}
              />
              <h2 className="desk-h2">{t.district.packs}</h2>
              <div className="district-packs">
                {d.policyPacks.map((p) => (
                  <details key={p.id} className="desk-card district-pack" open={p.id === current?.packId}>
                    <summary>
                      <strong>{p.name}</strong>
                      {p.id === current?.packId ? <span className="desk-tag">{t.district.inForce}</span> : null}
                    </summary>
                    <p className="desk-sub">
                      {t.district.source}：{p.document} · {t.district.reporting}：{t.district.period[p.reporting]}
                      {p.festivalNames.length > 0 ? ` · ${t.district.festivals}：${p.festivalNames.join('、')}` : ''}
                    </p>
                    <ul className="district-tiers">
                      {p.tiers.map((tier) => (
                        <li key={tier.id}>
                          <strong>{tier.label}</strong>：<span className="district-when">{tier.whenWords}</span>
                          <ul>
                            {tier.requirements.map((r, i) => (
                              <li key={i}>{r.label}</li>
                            ))}
                          </ul>
                        </li>
                      ))}
                    </ul>
                  </details>
                ))}
              </div>
            </>
          );
        }}
      </QueryView>
    </Page>
  );
}
