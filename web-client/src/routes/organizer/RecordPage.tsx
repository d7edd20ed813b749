import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '../../api/hooks';
import { ApiError } from '../../api/errors';
import { Button } from '../../components/Button';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { QueryView } from '../../components/QueryView';
import { OrganizerRecordDocument, OrganizerRecordFormDocument, OrganizerReviewRecordDocument, type ReviewDecision } from '../../gql/graphql';
import { format, useLang, useT } from '../../i18n';
import { enumLabel, enumValues } from './labels';
import { ElderName } from './ReviewPage';
import { useNames } from './names';
import { parseBody, photoPath, type RecordImage } from './record';
import { recordSections } from './recordView';
import { fetchAuthorized, formatDateTime, useAreaCode, useAuthorizedObjectUrl } from './util';
import { formSlug, recordPrintPath } from '../forms/forms';
import '../forms/messages';
import './messages';

/* GraphQL */ `
  query OrganizerRecord($id: String!) {
    visitRecord(id: $id) {
      id recordNo elderId villageCode visitorId visitNo startedAt endedAt durationMinutes mode status
      reviewComment reviewedAt submittedAt version full body
      signals { kind detail otherRecordId }
      cases { id kind severity status }
    }
  }

  query OrganizerRecordForm($code: String!) {
    area(code: $code) { forms { record { form title } } }
  }

  mutation OrganizerReviewRecord($id: String!, $decision: ReviewDecision!, $comment: String, $version: Int!) {
    reviewVisitRecord(id: $id, decision: $decision, comment: $comment, version: $version) { id status version reviewComment }
  }
`;

/** A photo or signature fetched with the bearer token and shown from an object URL. */
function AuthorizedImage({ image, alt, kind = 'photo' }: { image: RecordImage; alt: string; kind?: 'photo' | 'signature' }) {
  const t = useT();
  const { url, error, loading } = useAuthorizedObjectUrl(photoPath(image.sha256));
  const signature = kind === 'signature';
  if (loading) return <Loading label={signature ? t.organizer.signatureLoading : t.organizer.photoLoading} />;
  if (error || !url) return <p className="org-muted org-photo-missing">{signature ? t.organizer.signatureError : t.organizer.photoError}</p>;
  return (
    <figure className={signature ? 'org-photo org-signature' : 'org-photo'}>
      <img src={url} alt={alt} data-testid={signature ? 'record-signature' : 'record-photo'} />
      {image.caption ? <figcaption>{image.caption}</figcaption> : null}
    </figure>
  );
}

/** One record: envelope, signals, photos, content, the printable form and the review form. */
export function RecordPage() {
  const t = useT();
  const { lang } = useLang();
  const { id = '' } = useParams();
  const names = useNames(useAreaCode());
  const record = useQuery(OrganizerRecordDocument, { id });
  // The record form the district's pack names (yubei-3, linzi-2, emeishan-1 …), not a fixed one.
  const villageCode = record.data?.visitRecord.villageCode ?? '';
  const formQuery = useQuery(OrganizerRecordFormDocument, { code: villageCode }, { skip: !villageCode });
  const recordForm = formQuery.data?.area?.forms.record ?? null;
  const [printError, setPrintError] = useState<ApiError | null>(null);

  const openPrint = async (path: string) => {
    setPrintError(null);
    // Open the window now (a popup opened after an await is blocked), then point it at the blob.
    const win = window.open('', '_blank');
    try {
      const blob = await fetchAuthorized(path);
      const url = URL.createObjectURL(blob);
      if (win) win.location.href = url;
      else window.location.assign(url);
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      win?.close();
      setPrintError(e instanceof ApiError ? e : new ApiError('UNKNOWN', String(e)));
    }
  };

  return (
    <Page title={t.organizer.recordTitle} actions={<Link to="/o/review">{t.organizer.back}</Link>}>
      <QueryView query={record}>
        {(d) => {
          const r = d.visitRecord;
          const body = parseBody(r.body);
          const signature = body.confirmation?.elder?.method === 'signature' ? body.confirmation.elder.signature : undefined;
          const visitorSignature = body.confirmation?.visitor?.signature;
          return (
            <div className="org-grid">
              <div>
                <section className="org-card" aria-labelledby="rec-title">
                  <h2 id="rec-title">
                    <ElderName id={r.elderId} /> · {format(t.organizer.visitNo, { n: r.visitNo })}
                  </h2>
                  <dl className="org-dl">
                    <dt>{t.organizer.recordNo}</dt>
                    <dd data-testid="record-no">{r.recordNo}</dd>
                    <dt>{t.organizer.status}</dt>
                    <dd data-testid="record-status">{enumLabel(lang, 'RecordStatus', r.status)}</dd>
                    <dt>{t.organizer.village}</dt>
                    <dd>{names.village(r.villageCode)}</dd>
                    <dt>{t.organizer.visitor}</dt>
                    <dd>{body.visitor?.name ?? names.person(r.visitorId)}</dd>
                    <dt>{t.organizer.mode}</dt>
                    <dd>{enumLabel(lang, 'VisitMode', r.mode)}</dd>
                    <dt>{t.organizer.visitedAt}</dt>
                    <dd>{formatDateTime(r.startedAt)} – {formatDateTime(r.endedAt)}（{format(t.organizer.minutes, { n: r.durationMinutes })}）</dd>
                    <dt>{t.organizer.submittedAt}</dt>
                    <dd>{formatDateTime(r.submittedAt)}</dd>
                    {r.reviewComment ? (
                      <>
                        <dt>{t.organizer.comment}</dt>
                        <dd>{r.reviewComment}</dd>
                      </>
                    ) : null}
                  </dl>
                  {recordForm ? (
                    <Button variant="secondary" onClick={() => void openPrint(recordPrintPath(r.id, formSlug(recordForm.form)))} data-testid="print-form">
                      {format(t.organizer.printForm, { title: recordForm.title })}
                    </Button>
                  ) : formQuery.data ? (
                    <p className="org-muted" data-testid="no-record-form">{t.forms.noRecordForm}</p>
                  ) : null}
                  {printError ? <ErrorBox error={printError} /> : null}
                </section>
                <section className="org-card" aria-labelledby="sig-title">
                  <h2 id="sig-title">{t.organizer.signals}</h2>
                  {r.signals.length === 0 ? (
                    <p className="org-muted">{t.organizer.noSignals}</p>
                  ) : (
                    <ul className="org-list" data-testid="signals">
                      {r.signals.map((s, i) => (
                        <li key={i}>
                          <span className="org-badge org-badge-warn">{enumLabel(lang, 'SignalKind', s.kind)}</span> {s.detail}
                          {s.otherRecordId ? <> · <Link to={`/o/review/${s.otherRecordId}`}>{t.organizer.open}</Link></> : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
                <section className="org-card" aria-labelledby="photos-title">
                  <h2 id="photos-title">{t.organizer.photos}</h2>
                  {(body.photos ?? []).length === 0 ? <p className="org-muted">{t.organizer.noPhotos}</p> : null}
                  <div className="org-photos">
                    {(body.photos ?? []).map((p, i) => (
                      <AuthorizedImage key={`${p.sha256}-${i}`} image={p} alt={`${t.organizer.photos} ${i + 1}`} />
                    ))}
                  </div>
                </section>
                <section className="org-card" aria-labelledby="confirm-title">
                  <h2 id="confirm-title">{t.organizer.confirmationTitle}</h2>
                  {signature || visitorSignature ? (
                    <div className="org-photos">
                      {signature ? (
                        <AuthorizedImage kind="signature" image={{ ...signature, caption: t.organizer.signature }} alt={t.organizer.signature} />
                      ) : null}
                      {visitorSignature ? (
                        <AuthorizedImage
                          kind="signature"
                          image={{ ...visitorSignature, caption: t.organizer.visitorSignature }}
                          alt={t.organizer.visitorSignature}
                        />
                      ) : null}
                    </div>
                  ) : null}
                  {body.confirmation?.elder?.method === 'read_out_code' ? <p className="org-note">{t.organizer.codeConfirmed}</p> : null}
                </section>
              </div>
              <div>
                {r.status === 'SUBMITTED' ? <ReviewForm id={r.id} version={r.version} hasSignals={r.signals.length > 0} /> : null}
                <section className="org-card" aria-labelledby="content-title" data-testid="record-content">
                  <h2 id="content-title">{t.organizer.sections}</h2>
                  {recordForm ? <p className="org-small org-muted">{format(t.organizer.formOrder, { title: recordForm.title })}</p> : null}
                  {recordSections(body, recordForm ? formSlug(recordForm.form) : null, lang).map((section) => (
                    <div key={section.id} data-testid={`record-section-${section.id}`}>
                      <h3>{section.title}</h3>
                      <dl className="org-dl">
                        {section.rows.map((row) => (
                          <div key={row.path} className="org-dl-row">
                            <dt>{row.label}</dt>
                            <dd className={row.alert ? 'org-alert' : undefined}>{row.value}</dd>
                          </div>
                        ))}
                      </dl>
                    </div>
                  ))}
                </section>
                {r.cases.length > 0 ? (
                  <section className="org-card" aria-labelledby="cases-title">
                    <h2 id="cases-title">{t.organizer.cases}</h2>
                    <ul className="org-list">
                      {r.cases.map((c) => (
                        <li key={c.id}>
                          <Link to={`/o/risks/${c.id}`}>{enumLabel(lang, 'RiskKind', c.kind)}</Link>{' '}
                          <span className={`org-badge ${c.severity === 'CRITICAL' ? 'org-badge-danger' : 'org-badge-warn'}`}>{enumLabel(lang, 'Severity', c.severity)}</span>
                          <span className="org-badge">{enumLabel(lang, 'CaseStatus', c.status)}</span>
                        </li>
                      ))}
                    </ul>
                  </section>
                ) : null}
              </div>
            </div>
          );
        }}
      </QueryView>
    </Page>
  );
}

function ReviewForm({ id, version, hasSignals }: { id: string; version: number; hasSignals: boolean }) {
  const t = useT();
  const { lang } = useLang();
  const navigate = useNavigate();
  const [decision, setDecision] = useState<ReviewDecision>('ACCEPT');
  const [comment, setComment] = useState('');
  const [review, state] = useMutation(OrganizerReviewRecordDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const data = await review({ id, decision, comment: comment.trim() || null, version });
    if (data) {
      const status = enumLabel(lang, 'RecordStatus', data.reviewVisitRecord.status);
      navigate('/o/review', { state: { notice: format(t.organizer.reviewDone, { status }) } });
    }
  };
  return (
    <section className="org-card" aria-labelledby="review-title">
      <h2 id="review-title">{t.organizer.decision}</h2>
      <form onSubmit={submit} noValidate>
        <fieldset className="org-radios">
          <legend className="sr-only">{t.organizer.decision}</legend>
          {(enumValues('ReviewDecision') as ReviewDecision[]).map((v) => (
            <label key={v} className="org-radio">
              <input type="radio" name="decision" value={v} checked={decision === v} onChange={() => setDecision(v)} />
              <span>{enumLabel(lang, 'ReviewDecision', v)}</span>
            </label>
          ))}
        </fieldset>
        <Field
          label={t.organizer.comment}
          name="comment"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          error={state.error}
          hint={hasSignals ? `${t.organizer.commentHint}` : t.organizer.commentHint}
          maxLength={1000}
        />
        <ErrorBox error={state.error} fieldNames={['comment']} />
        <Button type="submit" busy={state.loading} data-testid="submit-review">{t.organizer.submitReview}</Button>
      </form>
    </section>
  );
}
