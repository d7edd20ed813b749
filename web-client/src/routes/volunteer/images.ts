import { refreshSession } from '../../api/client';
import { ApiError, NETWORK } from '../../api/errors';
import { getSession } from '../../api/session';
import type { ImageRef } from './record';

/** Longest side of a photo as sent: enough for a reviewer, small on a slow connection. */
const MAX_SIDE = 1600;

/**
 * A camera photo as a JPEG of at most 1600 px (re-encoded in the browser, which also drops
 * its EXIF position); the original file when the browser cannot decode it.
 */
export async function shrinkPhoto(file: Blob): Promise<Blob> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) return file;
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.82));
    return blob ?? file;
  } catch {
    return file;
  }
}

interface UploadAnswer {
  ref?: string;
  sha256?: string;
  contentType?: string;
  error?: { code?: string; message?: string; field?: string | null };
}

async function post(blob: Blob, token: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': blob.type || 'image/jpeg' };
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    return await fetch('/photos', { method: 'POST', headers, body: blob });
  } catch (e) {
    throw new ApiError(NETWORK, e instanceof Error ? e.message : String(e));
  }
}

/**
 * `POST /photos` (api/src/http/photos.rs): the raw image as the body, its type in
 * Content-Type, the bearer token; 201 with `{ref, sha256, contentType, byteSize}`. Uploading the
 * same bytes again is harmless (files are content-addressed). `field` names the form field
 * a refusal is shown next to.
 */
export async function uploadImage(blob: Blob, field: string): Promise<ImageRef> {
  let token = getSession()?.accessToken;
  let response = await post(blob, token);
  if (response.status === 401 && token && (await refreshSession())) {
    token = getSession()?.accessToken;
    response = await post(blob, token);
  }
  let body: UploadAnswer;
  try {
    body = (await response.json()) as UploadAnswer;
  } catch {
    throw new ApiError(response.status >= 500 ? 'UNAVAILABLE' : NETWORK, `HTTP ${response.status}`);
  }
  if (response.ok && body.ref && body.sha256 && body.contentType) {
    return { ref: body.ref, sha256: body.sha256, contentType: body.contentType };
  }
  const message = body.error?.message ?? `HTTP ${response.status}`;
  if (response.status === 401) throw new ApiError('UNAUTHENTICATED', message);
  if (response.status === 403) throw new ApiError('FORBIDDEN', message);
  if (response.status >= 500) throw new ApiError('UNAVAILABLE', message);
  throw new ApiError('INVALID_INPUT', message, [{ field, code: body.error?.code ?? 'invalid', message }]);
}
