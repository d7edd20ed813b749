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
 * A record the server refused (`status: 'failed'`) is kept with the reason and not sent again
 * until the visitor changes it and submits it anew (which queues it again).
 * One attempt at a time per record: within a page (`sending`), and across the app's tabs where
 * the browser has Web Locks (each tab's flush would otherwise send the same record).
 */
import { useEffect, useState } from 'react';
import { request } from '../../api/client';
import { ApiError, NETWORK, toApiError, UNKNOWN, type FieldProblem } from '../../api/errors';
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
/** The app's other tabs show the same outbox: a change here is told to them, theirs to us. */
const CHANNEL = 'tanfang-outbox';
let channel: BroadcastChannel | null = null;

function changed() {
  listeners.forEach((l) => l());
  // A channel does not hear its own messages; without one open, a short-lived one speaks.
  if (channel) channel.postMessage('changed');
  else if (typeof BroadcastChannel !== 'undefined') {
    const once = new BroadcastChannel(CHANNEL);
    once.postMessage('changed');
    once.close();
  }
}

export function subscribeOutbox(listener: () => void): () => void {
  listeners.add(listener);
  if (!channel && typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = () => listeners.forEach((l) => l());
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      channel?.close();
      channel = null;
    }
  };
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

/** Whether the error means "try again later" (no connection, server down, signed out, or a
 * twin of the call stored meanwhile: sent again, it is answered as a repeat). */
function transient(e: ApiError): boolean {
  return (
    e.code === NETWORK ||
    e.code === 'UNAVAILABLE' ||
    e.code === 'INTERNAL' ||
    e.code === 'UNAUTHENTICATED' ||
    e.code === 'DUPLICATE'
  );
}

const sending = new Map<string, Promise<SendOutcome>>();

/** Sends one queued record (one attempt at a time per record, in this tab and across tabs). */
export function send(submissionId: string): Promise<SendOutcome> {
  let p = sending.get(submissionId);
  if (!p) {
    p = withRecordLock(submissionId, () => sendOnce(submissionId)).finally(() => sending.delete(submissionId));
    sending.set(submissionId, p);
  }
  return p;
}

/**
 * Runs `body` holding the record's Web Lock, shared by every tab of this origin: a second tab
 * waits, then reads the outbox afresh (and finds the record gone once the first has sent it).
 */
async function withRecordLock<T>(submissionId: string, body: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return body();
  let result!: T;
  await locks.request(`tanfang-outbox:${submissionId}`, async () => {
    result = await body();
  });
  return result;
}

/** The stored refusal of a record, as the error it was. */
function refusalOf(item: OutboxItem): ApiError {
  return new ApiError(item.error?.code ?? UNKNOWN, item.error?.message ?? '', item.error?.fields ?? []);
}

async function sendOnce(submissionId: string): Promise<SendOutcome> {
  const item = await idbGet<OutboxItem>('outbox', submissionId);
  if (!item) return { kind: 'queued', error: new ApiError('NOT_FOUND', 'not queued') };
  // Refused (perhaps while a flush that listed it as queued was under way): it waits for the
  // visitor, whose new submit queues it again. Sending it as it is would be refused again.
  if (item.status === 'failed') return { kind: 'refused', error: refusalOf(item), aliases: item.aliases ?? {} };
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
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
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
