import { useEffect, useState } from 'react';
import { refreshSession } from '../../api/client';
import { ApiError, NETWORK, toApiError } from '../../api/errors';
import { fetchFile, httpError } from '../../api/files';
import { getSession } from '../../api/session';
import { ErrorBox } from '../../components/ErrorBox';
import { useT } from '../../i18n';
import './messages';

/** `PUT /seal` with the image as the body (the token refreshed once on 401). */
async function putSeal(file: File): Promise<void> {
  const put = async () => {
    const token = getSession()?.accessToken;
    try {
      return await fetch('/seal', {
        method: 'PUT',
        headers: { 'content-type': file.type || 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: file,
      });
    } catch (e) {
      throw new ApiError(NETWORK, e instanceof Error ? e.message : String(e));
    }
  };
  let response = await put();
  if (response.status === 401 && (await refreshSession())) response = await put();
  if (response.ok) return;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON
  }
  throw httpError(response.status, body);
}

/** 单位印章 — the office's seal image as printed on its proofs, and its upload (PNG/JPEG, 1 MB). */
export function SealCard() {
  const t = useT();
  const p = t.organizer.office.proofs;
  const [url, setUrl] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let shown: string | null = null;
    fetchFile('/seal')
      .then(({ blob }) => {
        shown = URL.createObjectURL(blob);
        setUrl(shown);
      })
      .catch(() => setUrl(null));
    return () => {
      if (shown) URL.revokeObjectURL(shown);
    };
  }, [version]);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      await putSeal(file);
      setNotice(p.sealSaved);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="org-card" aria-labelledby="seal-title" data-testid="seal-card">
      <h2 id="seal-title">{p.seal}</h2>
      {url ? <img className="org-seal" src={url} alt={p.sealCurrent} /> : <p className="org-muted">{p.sealNone}</p>}
      <div className="field">
        <label htmlFor="seal-file">{p.sealUpload}</label>
        <input id="seal-file" type="file" accept="image/png,image/jpeg" disabled={busy} onChange={(e) => void upload(e.target.files?.[0])} />
        <p className="field-hint">{p.sealHint}</p>
      </div>
      {notice ? <p role="status" className="org-note">{notice}</p> : null}
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
