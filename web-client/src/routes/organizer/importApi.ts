import { refreshSession } from '../../api/client';
import { ApiError, NETWORK } from '../../api/errors';
import { httpError } from '../../api/files';
import { getSession } from '../../api/session';

/** One problem of a row, as the import reports it (Excel's row number, the column's header). */
export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

/** The answer of `POST /imports/elders` (api/src/service/imports.rs `ImportReport`). */
export interface ImportReport {
  id: string;
  layout: string;
  sheet: string;
  rows: number;
  created: number;
  updated: number;
  alreadyRegistered: number;
  failedRows: number;
  written: boolean;
  dryRun: boolean;
  validOnly: boolean;
  update: boolean;
  unknownColumns: string[];
  notImportedColumns: string[];
  problems: ImportProblem[];
  problemsTotal: number;
  registeredRows: ImportProblem[];
  summary: string;
  /** `GET /imports/{id}/report.xlsx`: the report as a sheet. */
  reportUrl: string;
}

export interface ImportOptions {
  dryRun: boolean;
  validOnly: boolean;
  update: boolean;
}

/** `/imports/elders?area=…&dryRun=…&validOnly=…&update=…` */
export function importPath(area: string, options: ImportOptions): string {
  const q = new URLSearchParams({ area });
  if (options.dryRun) q.set('dryRun', 'true');
  if (options.validOnly) q.set('validOnly', 'true');
  if (options.update) q.set('update', 'true');
  return `/imports/elders?${q.toString()}`;
}

/** `/imports/template.xlsx?area=…` */
export function templatePath(area: string): string {
  return `/imports/template.xlsx?${new URLSearchParams({ area }).toString()}`;
}

/** POSTs the workbook as the body (with the token, refreshed once on 401); the report. */
export async function uploadElders(area: string, file: Blob, options: ImportOptions): Promise<ImportReport> {
  const post = async () => {
    const token = getSession()?.accessToken;
    try {
      return await fetch(importPath(area, options), {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: file,
      });
    } catch (e) {
      throw new ApiError(NETWORK, e instanceof Error ? e.message : String(e));
    }
  };
  let response = await post();
  if (response.status === 401 && (await refreshSession())) response = await post();
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON
  }
  if (!response.ok) throw httpError(response.status, body);
  return body as ImportReport;
}
