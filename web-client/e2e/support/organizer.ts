/**
 * Test set-up for the organizer spec, through the API (not what the spec is about): make a
 * visit record exist and wait for review, the way a volunteer would submit it — the town
 * organizer generates the month's slots, the demo volunteer claims one whose window holds
 * today, uploads a photo and the elder's signature (POST /photos) and submits a record in the
 * shared format (docs/record-format.md).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { expect, type APIRequestContext } from '@playwright/test';

export const PASSWORD = 'tanfang-demo-2026';

/** Runs one GraphQL operation with a bearer token; fails the test on any error. */
export async function gql<T = Record<string, unknown>>(
  request: APIRequestContext,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await request.post('/graphql', {
    data: { query, variables },
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  expect(response.ok(), `HTTP ${response.status()}`).toBeTruthy();
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

export async function apiLogin(request: APIRequestContext, username: string): Promise<string> {
  const data = await gql<{ login: { accessToken: string } }>(
    request,
    null,
    'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }',
    { u: username, p: PASSWORD },
  );
  return data.login.accessToken;
}

/** `YYYY-MM-DD` and `YYYY-MM` in district (Beijing) time. */
export function beijingToday(now = new Date()): { day: string; month: string } {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return { day, month: day.slice(0, 7) };
}

/** RFC 3339 with the +08:00 offset, as the record format wants. */
function beijingIso(t: Date): string {
  const shifted = new Date(t.getTime() + 8 * 3600_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/**
 * A small RGB PNG: a coloured gradient with a random band, so every call is a new image
 * (the server flags a photo used by two records).
 */
export function makePng(width = 160, height = 120, hue: [number, number, number] = [47, 125, 91]): Buffer {
  const noise = randomBytes(width);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const band = y > height * 0.7 && y < height * 0.8;
      row[1 + x * 3] = band ? noise[x]! : Math.min(255, hue[0] + (x * 128) / width);
      row[2 + x * 3] = band ? noise[(x * 7) % width]! : Math.min(255, hue[1] + (y * 100) / height);
      row[3 + x * 3] = band ? 255 - noise[x]! : hue[2];
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

interface Uploaded {
  ref: string;
  sha256: string;
  contentType: string;
}

export async function uploadPng(request: APIRequestContext, token: string, png: Buffer): Promise<Uploaded> {
  const response = await request.post('/photos', {
    data: png,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Uploaded;
}

interface Item {
  label: string;
  count: number;
  countedDays: string[];
  status: 'MET' | 'DUE' | 'OVERDUE';
  metOnTime: boolean;
}

export interface SubmittedRecord {
  recordId: string;
  elderId: string;
  elderName: string;
  villageCode: string;
  villageName: string;
  month: string;
  photoSha256: string;
}

/**
 * A record submitted by the demo volunteer that, once accepted, makes its elder meet every
 * requirement of the month on time: the elder's only unmet requirement is due (not overdue)
 * and one visit short, and the claimed slot's window holds today. So accepting it raises
 * the village's monthly visit rate by one elder.
 */
export async function submittedRecordThatMeetsTheMonth(request: APIRequestContext): Promise<SubmittedRecord> {
  const organizer = await apiLogin(request, 'town.organizer');
  const volunteer = await apiLogin(request, 'volunteer');
  const { me: org } = await gql<{ me: { areaCode: string } }>(request, organizer, '{ me { areaCode } }');
  const { me: vol } = await gql<{ me: { id: string; displayName: string; areaCode: string } }>(
    request,
    volunteer,
    '{ me { id displayName areaCode } }',
  );
  const { day, month } = beijingToday();
  await gql(request, organizer, 'mutation($m: String!, $a: String!) { generateSlots(month: $m, areaCode: $a) { wanted } }', {
    m: month,
    a: org.areaCode,
  });
  const { visitSlots } = await gql<{
    visitSlots: { id: string; elderId: string; label: string; windowFrom: string; windowTo: string; needsProfessional: boolean; modes: string[] }[];
  }>(
    request,
    organizer,
    'query($m: String!, $a: String!) { visitSlots(month: $m, areaCode: $a, status: OPEN) { id elderId label windowFrom windowTo needsProfessional modes } }',
    { m: month, a: vol.areaCode },
  );
  const candidates = visitSlots.filter(
    (s) => s.windowFrom <= day && day <= s.windowTo && !s.needsProfessional && s.modes.includes('IN_PERSON'),
  );
  let chosen: (typeof candidates)[number] | undefined;
  for (const slot of candidates) {
    const { elderCompliance } = await gql<{ elderCompliance: { inRate: boolean; met: boolean; items: Item[] } | null }>(
      request,
      organizer,
      'query($e: String!, $m: String!) { elderCompliance(elderId: $e, month: $m) { inRate met items { label count countedDays status metOnTime } } }',
      { e: slot.elderId, m: month },
    );
    if (!elderCompliance || !elderCompliance.inRate || elderCompliance.met) continue;
    const unmet = elderCompliance.items.filter((i) => !i.metOnTime);
    const only = unmet[0];
    if (unmet.length === 1 && only && only.status === 'DUE' && only.count - only.countedDays.length === 1 && only.label === slot.label) {
      chosen = slot;
      break;
    }
  }
  if (!chosen) throw new Error(`no open slot today (${day}) whose elder one visit would bring to "met"`);

  await gql(request, volunteer, 'mutation($s: String!) { claimSlot(slotId: $s) { id status } }', { s: chosen.id });
  const photo = await uploadPng(request, volunteer, makePng(320, 200, [47, 125, 91]));
  const signature = await uploadPng(request, volunteer, makePng(200, 80, [230, 230, 230]));

  // A 30-minute visit that ended 2 minutes ago, not starting before today's midnight (district time).
  const end = new Date(Date.now() - 2 * 60_000);
  const midnight = new Date(`${day}T00:00:00+08:00`);
  const start = new Date(Math.max(end.getTime() - 30 * 60_000, midnight.getTime()));
  const person = { id: vol.id, name: vol.displayName };
  const record = {
    formatVersion: '1.1.0',
    submissionId: randomUUID(),
    elderId: chosen.elderId,
    slotId: chosen.id,
    startedAt: beijingIso(start),
    endedAt: beijingIso(end),
    mode: 'in_person',
    visitor: person,
    health: { mobility: { scale: 'change', value: 'unchanged' }, expression: { scale: 'change', value: 'unchanged' } },
    mental: { mood: { scale: 'change', value: 'better' } },
    // 用电不安全 is a major risk: the record also opens a case for the risk board.
    safety: { gas: { scale: 'safety', value: 'safe' }, electricity: { scale: 'safety', value: 'unsafe' } },
    hygiene: { personal: { scale: 'change', value: 'unchanged' } },
    problemsFound: '厨房插线板老化发热，已提醒暂停使用。',
    photos: [{ ref: photo.ref, sha256: photo.sha256, contentType: 'image/png', takenAt: beijingIso(end), caption: '入户探访' }],
    confirmation: {
      visitor: { confirmedAt: beijingIso(end) },
      elder: {
        method: 'signature',
        confirmedAt: beijingIso(end),
        signature: { ref: signature.ref, sha256: signature.sha256, contentType: 'image/png' },
      },
      enteredBy: { person, enteredAt: beijingIso(end) },
    },
  };
  const { submitVisitRecord } = await gql<{ submitVisitRecord: { record: { id: string; status: string } } }>(
    request,
    volunteer,
    'mutation($r: String!) { submitVisitRecord(record: $r) { record { id status } } }',
    { r: JSON.stringify(record) },
  );
  expect(submitVisitRecord.record.status).toBe('SUBMITTED');
  const { elder } = await gql<{ elder: { name: string; villageCode: string; village: { name: string } } }>(
    request,
    organizer,
    'query($id: String!) { elder(id: $id) { name villageCode village { name } } }',
    { id: chosen.elderId },
  );
  return {
    recordId: submitVisitRecord.record.id,
    elderId: chosen.elderId,
    elderName: elder.name,
    villageCode: elder.villageCode,
    villageName: elder.village.name,
    month,
    photoSha256: photo.sha256,
  };
}

type Row = { code: string; visitRate: number | null; met: number; elders: number };

/** The API's monthly visit rate of one village (what the page's number is checked against). */
export async function coverageRate(request: APIRequestContext, month: string, villageCode: string): Promise<{ rate: number | null; met: number; elders: number }> {
  const organizer = await apiLogin(request, 'town.organizer');
  const { me } = await gql<{ me: { areaCode: string } }>(request, organizer, '{ me { areaCode } }');
  const { coverage } = await gql<{ coverage: { total: Row; villages: Row[] } }>(
    request,
    organizer,
    'query($m: String!, $a: String!) { coverage(month: $m, areaCode: $a) { total { code visitRate met elders } villages { code visitRate met elders } } }',
    { m: month, a: me.areaCode },
  );
  const v = coverage.villages.find((x) => x.code === villageCode) ?? (coverage.total.code === villageCode ? coverage.total : undefined);
  if (!v) throw new Error(`village ${villageCode} not in coverage`);
  return { rate: v.visitRate, met: v.met, elders: v.elders };
}
