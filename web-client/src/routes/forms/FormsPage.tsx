import { useState } from 'react';
import { useRole, useSession } from '../../api/auth';
import { ApiError, toApiError } from '../../api/errors';
import { fetchFile, openPage, saveBlob } from '../../api/files';
import { useQuery } from '../../api/hooks';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import { OfficeFormsDocument, type OfficeFormsQuery } from '../../gql/graphql';
import { format, useT } from '../../i18n';
import { currentMonth } from '../organizer/util';
import {
  exportPath,
  formSlug,
  halfYearOf,
  hasPrintView,
  handInOccasions,
  mayUnmask,
  periodLabel,
  reasonProblem,
  recentHalfYears,
  type PeriodKind,
} from './forms';
import '../../components/desk.css';
import './forms.css';
import './messages';

/* GraphQL */ `
  fragment OfficeFormInfo on FormInfo {
    form
    title
    attachmentNo
  }
  query OfficeForms($code: String!) {
    area(code: $code) {
      code
      name
      forms {
        source
        ledger { ...OfficeFormInfo }
        registration { ...OfficeFormInfo }
        handInMonths
        handIn { ...OfficeFormInfo }
      }
    }
  }
`;

type Forms = NonNullable<OfficeFormsQuery['area']>['forms'];
type FormInfo = NonNullable<Forms['ledger']>;

/** How many half-years (and hand-ins) back the pickers reach. */
const HALF_YEARS = 4;

/** 附件2 渝北区特殊困难老年人信息登记表: the title as printed, after its annex number. */
function FormTitle({ info }: { info: FormInfo }) {
  const t = useT();
  return (
    <>
      <span className="desk-sub">{format(t.forms.attachment, { n: info.attachmentNo })}</span>
      <strong data-testid="form-title">{info.title}</strong>
    </>
  );
}

/**
 * 报表 — the forms the district's pack names, as files: the ledger of a month or half-year,
 * the registration forms, and the periodic hand-in in the pack's months. Numbers are masked;
 * an account that may unmask can ask for them in full with a reason (audited by the server).
 * For district admins (`/d/forms`) and town organizers and village staff (`/o/forms`), each
 * over their own area.
 */
export function FormsPage() {
  const t = useT();
  const role = useRole();
  const area = useSession()?.account.areaCode ?? '';
  const forms = useQuery(OfficeFormsDocument, { code: area }, { skip: !area });
  const thisMonth = currentMonth();
  const [kind, setKind] = useState<PeriodKind>('halfYear');
  const [month, setMonth] = useState(thisMonth);
  const [halfYear, setHalfYear] = useState(halfYearOf(thisMonth));
  const [unmask, setUnmask] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const words = { month: t.forms.periodMonth, firstHalf: t.forms.firstHalf, secondHalf: t.forms.secondHalf };
  const period = kind === 'month' ? month : halfYear;

  /** The reason to send (`null`: masked), or `false` when the one typed will not do. */
  const reasonToSend = (): string | null | false => {
    setError(null);
    setDone(null);
    if (!(unmask && mayUnmask(role))) {
      setReasonError(null);
      return null;
    }
    const problem = reasonProblem(reason);
    if (problem) {
      setReasonError(problem === 'required' ? t.forms.reasonRequired : t.forms.reasonTooShort);
      return false;
    }
    setReasonError(null);
    return reason.trim();
  };

  /** Fetches `path` and saves it under the server's (Chinese) file name. */
  const download = async (key: string, path: (reason: string | null) => string, fallback: string) => {
    const sent = reasonToSend();
    if (sent === false) return;
    setBusy(key);
    try {
      const file = await fetchFile(path(sent));
      const name = file.fileName ?? fallback;
      saveBlob(file.blob, name);
      setDone(name);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(null);
    }
  };

  /** Opens the page to print of `path` in a new tab (打印预览). */
  const preview = async (key: string, path: (reason: string | null) => string) => {
    const sent = reasonToSend();
    if (sent === false) return;
    setBusy(key);
    try {
      await openPage(path(sent));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(null);
    }
  };

  if (!area) return <Page title={t.forms.title}><Empty title={t.forms.noArea} /></Page>;
  return (
    <Page title={t.forms.title}>
      <QueryView query={forms} isEmpty={(d) => d.area == null}>
        {(d) => {
          const f = d.area!.forms;
          if (!f.source && !f.ledger && !f.registration && f.handIn.length === 0) return <Empty title={t.forms.noPack} />;
          const occasions = handInOccasions(f.handInMonths, thisMonth, HALF_YEARS);
          return (
            <div data-testid="forms-page">
              {f.source ? (
                <p className="desk-sub" data-testid="forms-source">
                  {t.forms.source}：“{f.source}”
                </p>
              ) : null}
              {done ? (
                <p className="desk-notice" role="status" data-testid="download-done">
                  {format(t.forms.downloaded, { name: done })}
                </p>
              ) : null}
              <ErrorBox error={error} fieldNames={['reason']} />

              {mayUnmask(role) ? (
                <section className="desk-card" aria-label={t.forms.unmask}>
                  <label className="forms-check">
                    <input type="checkbox" name="unmask" checked={unmask} onChange={(e) => setUnmask(e.target.checked)} />{' '}
                    {t.forms.unmask}
                  </label>
                  <p className="desk-sub">{t.forms.unmaskHint}</p>
                  {unmask ? (
                    <Field
                      label={t.forms.reason}
                      name="reason"
                      value={reason}
                      required
                      maxLength={200}
                      onChange={(e) => setReason(e.target.value)}
                      error={error}
                      localError={reasonError}
                      hint={t.forms.reasonHint}
                    />
                  ) : null}
                </section>
              ) : null}

              <section className="desk-card" aria-labelledby="forms-ledger" data-testid="ledger-card">
                <h2 id="forms-ledger">{t.forms.ledgerTitle}</h2>
                {f.ledger ? (
                  <>
                    <p><FormTitle info={f.ledger} /></p>
                    <fieldset className="desk-radios">
                      <legend>{t.forms.period}</legend>
                      {(['halfYear', 'month'] as const).map((k) => (
                        <label key={k} className={kind === k ? 'checked' : undefined}>
                          <input type="radio" name="periodKind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                          {k === 'month' ? t.forms.byMonth : t.forms.byHalfYear}
                        </label>
                      ))}
                    </fieldset>
                    <div className="desk-actions">
                      {kind === 'month' ? (
                        <label className="desk-inline-select">
                          <span>{t.forms.month}</span>
                          <input type="month" name="month" value={month} max={thisMonth} onChange={(e) => e.target.value && setMonth(e.target.value)} />
                        </label>
                      ) : (
                        <label className="desk-inline-select">
                          <span>{t.forms.halfYear}</span>
                          <select name="halfYear" value={halfYear} onChange={(e) => setHalfYear(e.target.value)}>
                            {recentHalfYears(thisMonth, HALF_YEARS).map((h) => (
                              <option key={h} value={h}>{periodLabel(h, words)}</option>
                            ))}
                          </select>
                        </label>
                      )}
                      <Button
                        busy={busy === 'ledger'}
                        data-testid="download-ledger"
                        onClick={() => {
                          const ledger = f.ledger!;
                          void download(
                            'ledger',
                            (r) => exportPath(formSlug(ledger.form), area, period, r),
                            `${ledger.title}-${periodLabel(period, words)}.xlsx`,
                          );
                        }}
                      >
                        {busy === 'ledger' ? t.forms.downloading : `${t.forms.download}《${f.ledger.title}》`}
                      </Button>
                      {hasPrintView(formSlug(f.ledger.form)) ? (
                        <Button
                          variant="secondary"
                          busy={busy === 'ledger-preview'}
                          data-testid="preview-ledger"
                          title={t.forms.previewHint}
                          onClick={() => {
                            const ledger = f.ledger!;
                            void preview('ledger-preview', (r) => exportPath(formSlug(ledger.form), area, period, r, 'html'));
                          }}
                        >
                          {busy === 'ledger-preview' ? t.forms.downloading : t.forms.preview}
                        </Button>
                      ) : null}
                    </div>
                  </>
                ) : (
                  <p data-testid="no-ledger">{t.forms.noLedger}</p>
                )}
              </section>

              <section className="desk-card" aria-labelledby="forms-registration" data-testid="registration-card">
                <h2 id="forms-registration">{t.forms.registrationTitle}</h2>
                {f.registration ? (
                  <>
                    <p><FormTitle info={f.registration} /></p>
                    <p className="desk-sub">{t.forms.registrationHint}</p>
                    <Button
                      busy={busy === 'registration'}
                      data-testid="download-registration"
                      onClick={() => {
                        const registration = f.registration!;
                        void download('registration', (r) => exportPath(formSlug(registration.form), area, null, r), `${registration.title}.xlsx`);
                      }}
                    >
                      {busy === 'registration' ? t.forms.downloading : `${t.forms.download}《${f.registration.title}》`}
                    </Button>
                  </>
                ) : (
                  <p>{t.forms.noRegistration}</p>
                )}
              </section>

              <HandInCard
                forms={f}
                occasions={occasions}
                busy={busy === 'hand-in'}
                onDownload={(occasion) =>
                  void download('hand-in', (r) => exportPath('half-year', area, occasion, r), `${periodLabel(occasion, words)}.zip`)
                }
              />
            </div>
          );
        }}
      </QueryView>
    </Page>
  );
}

/** 定期报送: the pack's hand-in months, its files in the document's order, one zip per hand-in. */
function HandInCard({
  forms,
  occasions,
  busy,
  onDownload,
}: {
  forms: Forms;
  occasions: ReturnType<typeof handInOccasions>;
  busy: boolean;
  onDownload: (period: string) => void;
}) {
  const t = useT();
  const words = { month: t.forms.periodMonth, firstHalf: t.forms.firstHalf, secondHalf: t.forms.secondHalf };
  const [chosen, setChosen] = useState(occasions[0]?.period ?? '');
  const months = [...forms.handInMonths].sort((a, b) => a - b).map((m) => format(t.forms.monthName, { month: m }));
  return (
    <section className="desk-card" aria-labelledby="forms-hand-in" data-testid="hand-in-card">
      <h2 id="forms-hand-in">{t.forms.handInTitle}</h2>
      {forms.handIn.length > 0 && occasions.length > 0 ? (
        <>
          <p>{format(t.forms.handInMonths, { months: months.join('、') })}</p>
          <ol>
            {forms.handIn.map((info) => (
              <li key={info.form}>
                <FormTitle info={info} />
              </li>
            ))}
          </ol>
          <div className="desk-actions">
            <label className="desk-inline-select">
              <span>{t.forms.handInWhen}</span>
              <select name="handIn" value={chosen} onChange={(e) => setChosen(e.target.value)}>
                {occasions.map((o) => (
                  <option key={o.month} value={o.period}>
                    {format(t.forms.handInOccasion, { month: periodLabel(o.month, words), period: periodLabel(o.period, words) })}
                  </option>
                ))}
              </select>
            </label>
            <Button busy={busy} data-testid="download-hand-in" onClick={() => onDownload(chosen)}>
              {busy ? t.forms.downloading : t.forms.handInDownload}
            </Button>
          </div>
        </>
      ) : (
        <p>{t.forms.noHandIn}</p>
      )}
    </section>
  );
}
