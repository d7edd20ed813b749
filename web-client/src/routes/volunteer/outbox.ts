/**
 * 待发送 — visit records kept on the phone until the server has them.
 *
 * Every submission goes through here, online or not: the record is put in the IndexedDB
 * outbox with its submissionId (generated once per visit) and its image blobs, then sent.
 * It leaves the outbox only after the server answered (`created: true`, or `created: false`
 * for a repeat of the same submissionId). A network failure leaves it queued; it is sent again
 * on the `online` event, on app start, and when Background Sync wakes the service worker.
 * The record JSON is built once, before the first attempt, and kept: a retry sends exactly the
 * same content, which the server requires of a repeated submissionId.
 */
import { useEffect, useState } from 'react';
import { request } from '../../api/client';
import { ApiError, NETWORK, toApiError, type FieldProblem } from '../../api/errors';
import { VolunteerSubmitVisitDocument, type VolunteerSubmitVisitMutation } from '../../gql/graphql';
import { idbAll, idbDelete, idbGet, idbPut } from './idb';
import { uploadImage } from './images';
import { buildRecord, type Person, type VisitFormState } from './record';

/* GraphQL */ `
  mutation VolunteerSubmitVisit($record: String!) {
    submitVisitRecord(record: $record) {
      created
      record {
        id
        submissionId
        slotId
        visitNo
        status
        submittedAt
      }
    }
  }
`;

export interface StoredPhoto {
  blob: Blob;
  takenAt: string;
}

export interface OutboxItem {
  submissionId: string;
  slotId: string;
  elderId: string;
  state: VisitFormState;
  visitor: Person;
  photos: StoredPhoto[];
  signature: Blob | null;
  /** When the visitor pressed submit (ISO). */
  submittedAt: string;
  /** The record as first sent; set before the first attempt and never changed. */
  recordJson?: string;
  aliases?: Record<string, string>;
  status: 'queued' | 'failed';
  error?: { code: string; message: string; fields: FieldProblem[] };
  attempts: number;
}

export type SubmitAnswer = VolunteerSubmitVisitMutation['submitVisitRecord'];

export type SendOutcome =
  | { kind: 'sent'; answer: SubmitAnswer }
  | { kind: 'queued'; error: ApiError }
  | { kind: 'refused'; error: ApiError; aliases: Record<string, string> };

const listeners = new Set<() => void>();
function changed() {
  listeners.forEach((l) => l());
}

export function subscribeOutbox(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function outboxItems(): Promise<OutboxItem[]> {
  try {
    const items = await idbAll<OutboxItem>('outbox');
    return items.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  } catch {
    return [];
  }
}

export async function enqueue(item: OutboxItem): Promise<void> {
  await idbPut('outbox', item);
  changed();
  requestBackgroundSync();
}

export async function discard(submissionId: string): Promise<void> {
  await idbDelete('outbox', submissionId);
  changed();
}

/** Whether the error means "try again later" (no connection, server down, signed out). */
function transient(e: ApiError): boolean {
  return e.code === NETWORK || e.code === 'UNAVAILABLE' || e.code === 'INTERNAL' || e.code === 'UNAUTHENTICATED';
}

const sending = new Map<string, Promise<SendOutcome>>();

/** Sends one queued record (one attempt at a time per record). */
export function send(submissionId: string): Promise<SendOutcome> {
  let p = sending.get(submissionId);
  if (!p) {
    p = sendOnce(submissionId).finally(() => sending.delete(submissionId));
    sending.set(submissionId, p);
  }
  return p;
}

async function sendOnce(submissionId: string): Promise<SendOutcome> {
  const item = await idbGet<OutboxItem>('outbox', submissionId);
  if (!item) return { kind: 'queued', error: new ApiError('NOT_FOUND', 'not queued') };
  try {
    if (!item.recordJson) {
      const photos = [];
      for (const [i, p] of item.photos.entries()) {
        const ref = await uploadImage(p.blob, `photos[${i}]`);
        photos.push({ ...ref, takenAt: p.takenAt });
      }
      const signature = item.signature ? await uploadImage(item.signature, 'confirmation.elder.signature') : null;
      const built = buildRecord(item.state, item.visitor, { photos, signature }, new Date(item.submittedAt));
      item.recordJson = JSON.stringify(built.record);
      item.aliases = built.aliases;
      await idbPut('outbox', item);
    }
    const data = await request(VolunteerSubmitVisitDocument, { record: item.recordJson });
    // The server has it (new, or a repeat it recognised): only now does it leave the phone.
    await idbDelete('outbox', submissionId);
    await idbDelete('drafts', item.slotId).catch(() => undefined);
    changed();
    return { kind: 'sent', answer: data.submitVisitRecord };
  } catch (e) {
    const error = toApiError(e);
    item.attempts += 1;
    if (transient(error)) {
      item.status = 'queued';
      delete item.error;
      await idbPut('outbox', item).catch(() => undefined);
      changed();
      return { kind: 'queued', error };
    }
    // Refused: keep it (nothing is lost) and say why; the visitor may edit and resend.
    item.status = 'failed';
    item.error = { code: error.code, message: error.message, fields: error.fields };
    // A refused record was not stored: the next attempt may build it again from edited fields.
    const aliases = item.aliases ?? {};
    delete item.recordJson;
    await idbPut('outbox', item).catch(() => undefined);
    changed();
    return { kind: 'refused', error, aliases };
  }
}

let flushing: Promise<number> | null = null;

/** Sends every queued record; resolves to how many were sent. Refused ones wait for the visitor. */
export function flushOutbox(): Promise<number> {
  flushing ??= (async () => {
    let sent = 0;
    for (const item of await outboxItems()) {
      if (item.status === 'failed') continue;
      const outcome = await send(item.submissionId);
      if (outcome.kind === 'sent') sent++;
      else if (outcome.kind === 'queued' && outcome.error.code === NETWORK) break; // still offline
    }
    return sent;
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

/** Asks the service worker for a Background Sync, where the browser has it. */
export function requestBackgroundSync(): void {
  if (!('serviceWorker' in navigator)) return;
  void navigator.serviceWorker.ready
    .then((reg) => {
      const sync = (reg as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync;
      return sync?.register('tanfang-outbox');
    })
    .catch(() => undefined);
}

/**
 * Starts the sending loop of the volunteer screens: now (app start), whenever the browser comes
 * back online, and when the service worker relays a Background Sync. Returns a stop function.
 */
export function startOutbox(): () => void {
  const flush = () => void flushOutbox();
  flush();
  window.addEventListener('online', flush);
  const onMessage = (e: MessageEvent) => {
    if ((e.data as { type?: string } | null)?.type === 'flush-outbox') flush();
  };
  navigator.serviceWorker?.addEventListener('message', onMessage);
  // A slow retry too: `online` does not fire when the network was up but the server was not.
  const timer = window.setInterval(() => {
    if (navigator.onLine) flush();
  }, 60_000);
  return () => {
    window.removeEventListener('online', flush);
    navigator.serviceWorker?.removeEventListener('message', onMessage);
    window.clearInterval(timer);
  };
}

/** The outbox's items, kept current. */
export function useOutbox(): OutboxItem[] {
  const [items, setItems] = useState<OutboxItem[]>([]);
  useEffect(() => {
    let live = true;
    const load = () => void outboxItems().then((list) => live && setItems(list));
    load();
    const stop = subscribeOutbox(load);
    return () => {
      live = false;
      stop();
    };
  }, []);
  return items;
}

/** Whether the browser believes it is online, kept current. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}
