import { refreshSession } from './client';
import { ApiError, NETWORK, UNKNOWN } from './errors';
import { getSession } from './session';

/** A file the server sent: its bytes and the name it gave it (`null` when it gave none). */
export interface ServerFile {
  blob: Blob;
  fileName: string | null;
}

/**
 * The file name of a `Content-Disposition` header: the UTF-8 `filename*` (RFC 5987, where
 * the server puts the Chinese name) before the plain `filename` (an ASCII fallback).
 */
export function fileNameFromDisposition(header: string | null | undefined): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star) {
    try {
      const charset = (star[1] ?? '').trim().toLowerCase();
      if (charset === '' || charset === 'utf-8') return decodeURIComponent((star[2] ?? '').trim());
    } catch {
      // a broken encoding: use the plain name
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(header);
  const name = plain ? (plain[1] ?? plain[2] ?? '').trim() : '';
  return name || null;
}

/**
 * The error of a plain HTTP endpoint's answer (`{"error": {code, message, field}}`): an input
 * problem keeps its field (so the form shows it at the input); anything else its code.
 */
export function httpError(status: number, body: unknown): ApiError {
  const fallback = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : UNKNOWN;
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) return new ApiError(fallback, `HTTP ${status}`);
  const { code, message, field } = error as Record<string, unknown>;
  const text = typeof message === 'string' ? message : `HTTP ${status}`;
  if (typeof field === 'string') {
    const problem = { field, code: typeof code === 'string' ? code : '', message: text };
    return new ApiError(status === 403 ? 'FORBIDDEN' : 'INVALID_INPUT', text, [problem]);
  }
  return new ApiError(typeof code === 'string' ? code : fallback, text);
}

/** GET a path with the bearer token (refreshing it once on 401): the body and its file name. */
export async function fetchFile(path: string): Promise<ServerFile> {
  const get = async () => {
    const token = getSession()?.accessToken;
    try {
      return await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    } catch (e) {
      throw new ApiError(NETWORK, e instanceof Error ? e.message : String(e));
    }
  };
  let response = await get();
  if (response.status === 401 && (await refreshSession())) response = await get();
  if (!response.ok) {
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // not JSON
    }
    throw httpError(response.status, body);
  }
  return { blob: await response.blob(), fileName: fileNameFromDisposition(response.headers.get('content-disposition')) };
}

/** Saves a blob as a download named `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads `path` under the server's file name (`fallback` when it names none). */
export async function downloadFile(path: string, fallback: string): Promise<void> {
  const file = await fetchFile(path);
  saveBlob(file.blob, file.fileName ?? fallback);
}

/**
 * Opens an HTML page fetched with the token in a new tab. The window is opened before the
 * fetch (a pop-up opened after an await is blocked) and closed again when the fetch fails.
 */
export async function openPage(path: string): Promise<void> {
  const win = window.open('', '_blank');
  try {
    const { blob } = await fetchFile(path);
    const url = URL.createObjectURL(new Blob([blob], { type: 'text/html;charset=utf-8' }));
    if (win) win.location.href = url;
    else window.location.assign(url);
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (e) {
    win?.close();
    throw e;
  }
}
