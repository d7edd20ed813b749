/**
 * The outbox (待发送) against a fake server behind `fetch` and an in-memory IndexedDB
 * (fake-indexeddb). Every module is loaded afresh per test (and again to stand for a reload of
 * the app, or for a second tab), so nothing survives in memory that IndexedDB does not keep.
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newVisitForm } from './record';

type Outbox = typeof import('./outbox');
type OutboxItem = import('./outbox').OutboxItem;

/** The app as loaded by a page: its own module instances (and IndexedDB connection). */
async function loadApp(): Promise<{ outbox: Outbox; idb: typeof import('./idb') }> {
  vi.resetModules();
  const outbox = await import('./outbox');
  const idb = await import('./idb');
  return { outbox, idb };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** What the server does with the next submission that reaches it (else it answers normally). */
type Plan =
  | 'offline' // never reaches the server
  | 'lose' // the server stores it, the answer is lost on the way back
  | 'refuse' // a validation error naming the slot
  | 'unavailable' // the database is down
  | { hold: Promise<void> }; // answers normally once released

const REFUSAL = {
  message: '输入有误 (invalid input) — slotId: 这个探访时段已有记录',
  extensions: { code: 'INVALID_INPUT', fields: [{ field: 'slotId', code: 'already_recorded', message: '这个探访时段已有记录' }] },
};

/**
 * A server that keeps what it stored by submissionId, like `records::submit`: the same
 * submission with the same content is answered `created: false`, with other content refused.
 */
class FakeServer {
  /** Every submission that reached the server, in order. */
  readonly submits: { submissionId: string; record: string }[] = [];
  readonly stored = new Map<string, string>();
  uploads = 0;
  private readonly plans: Plan[] = [];

  next(...plans: Plan[]): void {
    this.plans.push(...plans);
  }

  submitsOf(submissionId: string): string[] {
    return this.submits.filter((s) => s.submissionId === submissionId).map((s) => s.record);
  }

  readonly fetch = async (url: string, init: RequestInit): Promise<Response> => {
    if (url === '/photos') {
      this.uploads += 1;
      return json(201, { ref: `photos/${this.uploads}`, sha256: String(this.uploads).padStart(64, '0'), contentType: 'image/jpeg' });
    }
    if (url !== '/graphql') throw new TypeError(`unexpected fetch ${url}`);
    const { query, variables } = JSON.parse(String(init.body)) as { query: string; variables: { record: string } };
    if (!query.includes('submitVisitRecord')) throw new TypeError('unexpected operation');
    const plan = this.plans.shift();
    if (plan === 'offline') throw new TypeError('Failed to fetch');
    const record = variables.record;
    const { submissionId, slotId } = JSON.parse(record) as { submissionId: string; slotId: string };
    this.submits.push({ submissionId, record });
    if (typeof plan === 'object') await plan.hold;
    if (plan === 'refuse') return json(200, { data: null, errors: [REFUSAL] });
    if (plan === 'unavailable') {
      return json(200, { data: null, errors: [{ message: '数据库暂不可用，请稍后再试 (database unavailable)', extensions: { code: 'UNAVAILABLE' } }] });
    }
    const before = this.stored.get(submissionId);
    if (before !== undefined && before !== record) {
      return json(200, {
        data: null,
        errors: [{ message: 'x', extensions: { code: 'INVALID_INPUT', fields: [{ field: 'submissionId', code: 'already_submitted', message: '该提交编号已用于另一份内容的记录' }] } }],
      });
    }
    this.stored.set(submissionId, record);
    const answer = {
      submitVisitRecord: {
        created: before === undefined,
        record: { id: `rec-${submissionId}`, submissionId, slotId, visitNo: 1, status: 'SUBMITTED', submittedAt: '2026-11-30T10:20:00+08:00' },
      },
    };
    if (plan === 'lose') throw new TypeError('Failed to fetch'); // stored, but the phone never hears it
    return json(200, { data: answer });
  };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const visitor = { id: '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a', name: '张敏' };

/** A visit as VisitPage queues it: a signature, and a photo when asked. */
function visit(n: number, { photo = false } = {}): OutboxItem {
  const submissionId = `0190f3a2-7c4e-7b21-9d3a-5e8f1c2b4a6${n}`;
  const slotId = `0190f39e-1111-7abc-8def-0123456789a${n}`;
  const elderId = `6f1d2c3b-4a5e-4f60-8a71-92b3c4d5e6f${n}`;
  return {
    submissionId,
    slotId,
    elderId,
    state: newVisitForm({ submissionId, slotId, elderId, mode: 'IN_PERSON', startedAt: '2026-11-30T09:30' }),
    visitor,
    photos: photo ? [{ blob: new Blob([`photo ${n}`], { type: 'image/jpeg' }), takenAt: '2026-11-30T10:00:00+08:00' }] : [],
    signature: new Blob([`signature ${n}`], { type: 'image/png' }),
    submittedAt: `2026-11-30T02:2${n}:00.000Z`,
    status: 'queued',
    attempts: 0,
  };
}

/** A minimal Web Locks: one holder per name, the others wait in turn (as across tabs). */
function webLocks() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request(name: string, callback: (lock: { name: string; mode: string }) => Promise<unknown>): Promise<unknown> {
      const run = (tails.get(name) ?? Promise.resolve()).then(() => callback({ name, mode: 'exclusive' }));
      tails.set(name, run.catch(() => undefined));
      return run;
    },
  };
}

let server: FakeServer;

beforeEach(() => {
  server = new FakeServer();
  vi.stubGlobal('indexedDB', new IDBFactory()); // a new, empty phone
  vi.stubGlobal('navigator', { onLine: true });
  vi.stubGlobal('fetch', server.fetch);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('outbox', () => {
  it('keeps an enqueued record on the phone: a reloaded app still has it, images and all, and sends it', async () => {
    const first = await loadApp();
    await first.outbox.enqueue(visit(1, { photo: true }));
    expect(server.submits).toHaveLength(0); // enqueue only keeps it

    const reloaded = await loadApp();
    expect(reloaded.outbox).not.toBe(first.outbox);
    const items = await reloaded.outbox.outboxItems();
    expect(items.map((i) => [i.submissionId, i.status])).toEqual([[visit(1).submissionId, 'queued']]);
    expect(await items[0]!.photos[0]!.blob.text()).toBe('photo 1');
    expect(await items[0]!.signature!.text()).toBe('signature 1');

    expect(await reloaded.outbox.flushOutbox()).toBe(1);
    expect(server.submitsOf(visit(1).submissionId)).toHaveLength(1);
    expect(server.uploads).toBe(2);
    expect(await reloaded.outbox.outboxItems()).toEqual([]);
  });

  it('sends each queued record once, then forgets it and its draft', async () => {
    const { outbox, idb } = await loadApp();
    await outbox.enqueue(visit(1));
    await outbox.enqueue(visit(2, { photo: true }));
    await idb.idbPut('drafts', { slotId: visit(1).slotId, state: visit(1).state, photos: [], signature: null });

    expect(await outbox.flushOutbox()).toBe(2);
    expect(server.submits.map((s) => s.submissionId)).toEqual([visit(1).submissionId, visit(2).submissionId]);
    const sent = JSON.parse(server.submitsOf(visit(2).submissionId)[0]!) as { slotId: string; photos: unknown[] };
    expect(sent.slotId).toBe(visit(2).slotId);
    expect(sent.photos).toHaveLength(1);
    expect(await outbox.outboxItems()).toEqual([]);
    expect(await idb.idbGet('drafts', visit(1).slotId)).toBeUndefined();

    // More flushes (online events, app starts) send nothing again.
    expect(await outbox.flushOutbox()).toBe(0);
    expect(await (await loadApp()).outbox.flushOutbox()).toBe(0);
    expect(server.submits).toHaveLength(2);
  });

  it('keeps a record the network lost, and sends the same content later without uploading its images again', async () => {
    const { outbox } = await loadApp();
    await outbox.enqueue(visit(1, { photo: true }));
    server.next('offline');
    const outcome = await outbox.send(visit(1).submissionId);
    expect(outcome.kind).toBe('queued');
    expect(outcome.kind === 'queued' && outcome.error.code).toBe('NETWORK');
    expect(server.submits).toHaveLength(0);

    const [kept] = await outbox.outboxItems();
    expect(kept).toMatchObject({ submissionId: visit(1).submissionId, status: 'queued', attempts: 1 });
    expect(kept!.error).toBeUndefined();
    expect(kept!.recordJson).toBeTruthy();
    expect(server.uploads).toBe(2);

    // Still offline: the flush stops at the first failure and keeps it.
    server.next('offline');
    expect(await outbox.flushOutbox()).toBe(0);
    expect(await outbox.outboxItems()).toHaveLength(1);

    // Back online, after a reload.
    const reloaded = await loadApp();
    expect(await reloaded.outbox.flushOutbox()).toBe(1);
    expect(server.submitsOf(visit(1).submissionId)).toEqual([kept!.recordJson]);
    expect(server.uploads).toBe(2);
    expect(await reloaded.outbox.outboxItems()).toEqual([]);
  });

  it('keeps a record whose answer was lost after the server stored it, sends it again with the same submission, and is done', async () => {
    const { outbox } = await loadApp();
    await outbox.enqueue(visit(1));
    server.next('lose');
    expect((await outbox.send(visit(1).submissionId)).kind).toBe('queued');
    expect(server.stored.size).toBe(1); // the server has it; the phone does not know
    expect(await outbox.outboxItems()).toHaveLength(1);

    const later = await outbox.send(visit(1).submissionId);
    expect(later.kind).toBe('sent');
    expect(later.kind === 'sent' && later.answer.created).toBe(false);
    const attempts = server.submitsOf(visit(1).submissionId);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]).toBe(attempts[0]); // the very same record: the server recognises the repeat
    expect(server.stored.size).toBe(1);
    expect(await outbox.outboxItems()).toEqual([]);
  });

  it('keeps a refused record with its reason, does not send it again, and sends it once the visitor submits it anew', async () => {
    const { outbox } = await loadApp();
    await outbox.enqueue(visit(1));
    server.next('refuse');
    const outcome = await outbox.send(visit(1).submissionId);
    expect(outcome.kind).toBe('refused');
    if (outcome.kind !== 'refused') return;
    expect(outcome.error.code).toBe('INVALID_INPUT');
    expect(outcome.error.fieldError('slotId')?.message).toBe('这个探访时段已有记录');

    const [kept] = await outbox.outboxItems();
    expect(kept).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'INVALID_INPUT', fields: REFUSAL.extensions.fields } });
    expect(kept!.recordJson).toBeUndefined(); // the next submit builds it from the edited form

    // Flushes (online events, the 60 s timer, app starts) and a direct send leave it alone.
    expect(await outbox.flushOutbox()).toBe(0);
    expect(await (await loadApp()).outbox.flushOutbox()).toBe(0);
    const again = await outbox.send(visit(1).submissionId);
    expect(again.kind).toBe('refused');
    expect(again.kind === 'refused' && again.error.fieldError('slotId')?.message).toBe('这个探访时段已有记录');
    expect(server.submits).toHaveLength(1);
    expect((await outbox.outboxItems())[0]).toMatchObject({ status: 'failed', attempts: 1 });

    // The visitor changes the form and submits again (VisitPage queues it anew).
    await outbox.enqueue({ ...visit(1), state: { ...visit(1).state, problemsFound: '已改' } });
    expect(await outbox.flushOutbox()).toBe(1);
    expect(server.submits).toHaveLength(2);
    expect(JSON.parse(server.submits[1]!.record)).toMatchObject({ problemsFound: '已改' });
    expect(await outbox.outboxItems()).toEqual([]);
  });

  it('is not a refusal when the server is unavailable: the record stays queued and is sent later', async () => {
    const { outbox } = await loadApp();
    await outbox.enqueue(visit(1));
    server.next('unavailable');
    const outcome = await outbox.send(visit(1).submissionId);
    expect(outcome.kind).toBe('queued');
    expect((await outbox.outboxItems())[0]).toMatchObject({ status: 'queued', attempts: 1 });
    expect(await outbox.flushOutbox()).toBe(1);
    expect(server.submits).toHaveLength(2);
    expect(await outbox.outboxItems()).toEqual([]);
  });

  it('sends a record once when flushes and a submit run at the same time', async () => {
    const { outbox } = await loadApp();
    await outbox.enqueue(visit(1));
    await outbox.enqueue(visit(2));
    const slow = deferred();
    server.next({ hold: slow.promise });

    const running = [outbox.flushOutbox(), outbox.flushOutbox(), outbox.send(visit(1).submissionId)];
    await vi.waitFor(() => expect(server.submits).toHaveLength(1));
    running.push(outbox.flushOutbox(), outbox.send(visit(1).submissionId)); // an `online` event, a tap on 立即发送
    slow.resolve();
    await Promise.all(running);
    await outbox.flushOutbox();

    expect(server.submitsOf(visit(1).submissionId)).toHaveLength(1);
    expect(server.submitsOf(visit(2).submissionId)).toHaveLength(1);
    expect(await outbox.outboxItems()).toEqual([]);
  });

  it('does not send a record that was refused while a flush listing it was busy with another', async () => {
    const { outbox } = await loadApp();
    await outbox.enqueue(visit(1));
    await outbox.enqueue(visit(2));
    const slow = deferred();
    server.next({ hold: slow.promise }, 'refuse');

    const flush = outbox.flushOutbox(); // lists 1 and 2 as queued, waits on 1
    await vi.waitFor(() => expect(server.submits).toHaveLength(1));
    // Meanwhile the visitor submits 2 on its visit page, and the server refuses it.
    expect((await outbox.send(visit(2).submissionId)).kind).toBe('refused');
    slow.resolve();
    expect(await flush).toBe(1);

    expect(server.submitsOf(visit(2).submissionId)).toHaveLength(1);
    expect((await outbox.outboxItems()).map((i) => [i.submissionId, i.status])).toEqual([[visit(2).submissionId, 'failed']]);
  });

  it('tells the app\'s other tabs when the outbox changes, so none shows a sent record as waiting', async () => {
    const tab1 = await loadApp();
    const tab2 = await loadApp();
    const seen = vi.fn();
    const stop = tab2.outbox.subscribeOutbox(seen);
    try {
      await tab1.outbox.enqueue(visit(1));
      await vi.waitFor(() => expect(seen).toHaveBeenCalledTimes(1));
      expect(await tab1.outbox.flushOutbox()).toBe(1);
      await vi.waitFor(() => expect(seen).toHaveBeenCalledTimes(2));
      expect(await tab2.outbox.outboxItems()).toEqual([]);
    } finally {
      stop();
    }
  });

  it('sends a record once when two tabs flush at the same time', async () => {
    vi.stubGlobal('navigator', { onLine: true, locks: webLocks() });
    const tab1 = await loadApp();
    await tab1.outbox.enqueue(visit(1));
    const tab2 = await loadApp();
    expect(tab2.outbox).not.toBe(tab1.outbox);
    const slow = deferred();
    server.next({ hold: slow.promise });

    // The service worker's Background Sync asks every open tab to flush.
    const one = tab1.outbox.flushOutbox();
    const two = tab2.outbox.flushOutbox();
    await vi.waitFor(() => expect(server.submits).toHaveLength(1));
    slow.resolve();
    expect((await one) + (await two)).toBe(1);

    expect(server.submits).toHaveLength(1);
    expect(await tab2.outbox.outboxItems()).toEqual([]);
  });
});
