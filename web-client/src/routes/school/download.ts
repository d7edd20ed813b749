import { refreshSession } from '../../api/client';
import { ApiError } from '../../api/errors';
import { getSession } from '../../api/session';

/** GET a server path with the bearer token (refreshing once on 401); the body as a Blob. */
export async function fetchWithToken(path: string): Promise<Blob> {
  const get = () => {
    const token = getSession()?.accessToken;
    return fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  };
  let response: Response;
  try {
    response = await get();
    if (response.status === 401 && (await refreshSession())) response = await get();
  } catch (e) {
    throw new ApiError('NETWORK', e instanceof Error ? e.message : String(e));
  }
  if (!response.ok) {
    let code = response.status === 404 ? 'NOT_FOUND' : response.status === 403 ? 'FORBIDDEN' : 'UNKNOWN';
    let message = `HTTP ${response.status}`;
    try {
      const body = (await response.json()) as { errors?: { message?: string; extensions?: { code?: string } }[] };
      const first = body.errors?.[0];
      if (first?.extensions?.code) code = first.extensions.code;
      if (first?.message) message = first.message;
    } catch {
      // not JSON
    }
    throw new ApiError(code, message);
  }
  return response.blob();
}

/** Opens an HTML page fetched with the token in a new tab (the window is opened first so no pop-up blocker stops it). */
export async function openWithToken(path: string): Promise<void> {
  const win = window.open('', '_blank');
  try {
    const blob = await fetchWithToken(path);
    const url = URL.createObjectURL(new Blob([blob], { type: 'text/html;charset=utf-8' }));
    if (win) win.location.href = url;
    else window.open(url, '_blank');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (e) {
    win?.close();
    throw e;
  }
}

/** Downloads a file fetched with the token under `filename`. */
export async function downloadWithToken(path: string, filename: string): Promise<void> {
  const blob = await fetchWithToken(path);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
