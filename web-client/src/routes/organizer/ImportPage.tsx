import { useState } from 'react';
import { Link } from 'react-router';
import { toApiError, type ApiError } from '../../api/errors';
import { downloadFile } from '../../api/files';
import { Button } from '../../components/Button';
import { Empty } from '../../components/Empty';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Page } from '../../components/Page';
import { format, localMessage, useLang, useT } from '../../i18n';
import { templatePath, uploadElders, type ImportReport } from './importApi';
import { useAreaCode } from './util';
import './desk.css';
import './messages';

/**
 * 导入老人 — an office's Excel sheet into the area: check it first (nothing written), see each
 * problem by row, column and reason with the counts, download the report sheet or the empty
 * template, then import all rows or only the valid ones, updating registered elders only when
 * ticked.
 */
export function ImportPage() {
  const t = useT();
  const d = t.organizer.desk;
  const area = useAreaCode();
  const [file, setFile] = useState<File | null>(null);
  const [validOnly, setValidOnly] = useState(false);
  const [update, setUpdate] = useState(false);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  if (!area) return <Page title={d.importTitle}><Empty title={t.organizer.noArea} /></Page>;

  const run = async (dryRun: boolean) => {
    if (!file) {
      setLocalError(d.noFile);
      return;
    }
    setLocalError(null);
    setError(null);
    setBusy(dryRun ? 'check' : 'import');
    try {
      setReport(await uploadElders(area, file, { dryRun, validOnly, update }));
    } catch (e) {
      setReport(null);
      setError(toApiError(e));
    } finally {
      setBusy(null);
    }
  };
  const download = (path: string, name: string) => {
    setError(null);
    downloadFile(path, name).catch((e: unknown) => setError(toApiError(e)));
  };

  return (
    <Page
      title={d.importTitle}
      actions={
        <Button variant="secondary" onClick={() => download(templatePath(area), '导入模板.xlsx')} data-testid="import-template">
          {d.template}
        </Button>
      }
    >
      <section className="org-card" aria-labelledby="import-title">
        <h2 id="import-title">{d.importTitle}</h2>
        <p className="org-muted org-small">{d.importHint}</p>
        <Field
          label={d.file}
          name="file"
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setReport(null);
          }}
          error={error}
          localError={localError}
        />
        <label className="org-radio">
          <input type="checkbox" checked={validOnly} onChange={(e) => setValidOnly(e.target.checked)} />
          <span>{d.validOnly}</span>
        </label>
        <label className="org-radio">
          <input type="checkbox" checked={update} onChange={(e) => setUpdate(e.target.checked)} />
          <span>{d.update}</span>
        </label>
        <div className="org-toolbar">
          <Button variant="secondary" busy={busy === 'check'} disabled={busy !== null} onClick={() => void run(true)}>
            {d.check}
          </Button>
          <Button busy={busy === 'import'} disabled={busy !== null} onClick={() => void run(false)}>
            {d.importSubmit}
          </Button>
        </div>
        <ErrorBox error={error} fieldNames={['file']} />
      </section>
      {report ? <Report report={report} onDownload={() => download(report.reportUrl, '导入报告.xlsx')} /> : null}
    </Page>
  );
}

function Report({ report, onDownload }: { report: ImportReport; onDownload: () => void }) {
  const t = useT();
  const d = t.organizer.desk;
  const { lang } = useLang();
  // A check writes nothing: files created and updated are counted by an import only.
  const counts: [string, number][] = [
    [d.rows, report.rows],
    [d.failedRows, report.failedRows],
    [d.registered, report.alreadyRegistered],
    ...(report.dryRun ? [] : ([[d.created, report.created], [d.updated, report.updated]] as [string, number][])),
  ];
  return (
    <section className="org-card" aria-labelledby="report-title" data-testid="import-report">
      <h2 id="report-title">{report.dryRun ? d.checked : d.imported}</h2>
      <p role="status" data-testid="import-summary">
        {localMessage(report.summary, lang)}{' '}
        <span className={report.written ? 'org-badge' : 'org-badge org-badge-warn'}>{report.written ? d.written : d.notWritten}</span>
      </p>
      <dl className="desk-counts" data-testid="import-counts">
        {counts.map(([label, n]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{n}</dd>
          </div>
        ))}
      </dl>
      {report.unknownColumns.length > 0 ? (
        <p className="org-muted org-small">{format(d.unknownColumns, { columns: report.unknownColumns.join('、') })}</p>
      ) : null}
      {report.notImportedColumns.length > 0 ? (
        <p className="org-muted org-small">{format(d.notImportedColumns, { columns: report.notImportedColumns.join('、') })}</p>
      ) : null}
      <div className="org-toolbar">
        <Button variant="secondary" onClick={onDownload} data-testid="import-report-sheet">{d.downloadReport}</Button>
        {report.written ? <Link to="/o/elders">{t.organizer.elders}</Link> : null}
      </div>
      {report.problems.length === 0 ? (
        <p className="org-note">{d.noProblems}</p>
      ) : (
        <>
          <h3>{format(d.problems, { shown: report.problems.length, total: report.problemsTotal })}</h3>
          <div className="org-table-wrap">
            <table className="org-table" data-testid="import-problems">
              <thead>
                <tr>
                  <th scope="col" className="num">{d.row}</th>
                  <th scope="col">{d.column}</th>
                  <th scope="col">{d.reason}</th>
                </tr>
              </thead>
              <tbody>
                {report.problems.map((p, i) => (
                  <tr key={`${p.row}-${p.column}-${i}`} data-row={p.row}>
                    <td className="num">{p.row}</td>
                    <td className="nowrap">{p.column}</td>
                    <td>{localMessage(p.message, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {report.registeredRows.length > 0 ? (
        <details className="org-details">
          <summary>{format(d.registeredRows, { n: report.registeredRows.length })}</summary>
          <ul className="org-list">
            {report.registeredRows.map((p, i) => (
              <li key={`${p.row}-${i}`}>
                {format(d.rowAt, { row: p.row })}：{localMessage(p.message, lang)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
