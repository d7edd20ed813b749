/**
 * API set-up for the school and district specs: tokens, GraphQL calls, and an accepted visit
 * by the demo student this term (the organizer generates the month's slots, the student
 * claims one with an adult co-visitor, records the visit confirmed by the elder's signature
 * image, and the organizer accepts it).
 */
import { randomUUID } from 'node:crypto';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const PASSWORD = 'tanfang-demo-2026';

/** Runs one GraphQL operation that must succeed; returns `data`. */
export async function gql<T = Record<string, any>>(
  request: APIRequestContext,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await request.post('/graphql', {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    data: { query, variables },
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}\n${query}`);
  return body.data as T;
}

/** Signs a demo account in through the API; its access token. */
export async function tokenOf(request: APIRequestContext, username: string): Promise<string> {
  const data = await gql<{ login: { accessToken: string } }>(
    request,
    null,
    'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }',
    { u: username, p: PASSWORD },
  );
  return data.login.accessToken;
}

/** Signs in through the sign-in page (Chinese). */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Today in district time (China), `YYYY-MM-DD`. */
export function todayInChina(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The school term containing today: spring Feb–Jul, autumn Aug–Jan. */
export function currentTerm(): string {
  const today = todayInChina();
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (month === 1) return `${year - 1}-autumn`;
  return month >= 8 ? `${year}-autumn` : `${year}-spring`;
}

/** A small distinct JPEG (structure only, as the server's own tests build it). */
export function jpeg(): Buffer {
  const segment = (marker: number, payload: number[]) => {
    const length = payload.length + 2;
    return [0xff, marker, length >> 8, length & 0xff, ...payload];
  };
  const ascii = (s: string) => [...Buffer.from(s, 'binary')];
  const bytes = [
    0xff, 0xd8,
    ...segment(0xe0, ascii('JFIF\0\x01\x01\0\0\x01\0\x01\0\0')),
    ...segment(0xdb, new Array<number>(65).fill(0)),
    ...segment(0xc0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0]),
    ...segment(0xc4, new Array<number>(17).fill(0)),
    ...segment(0xda, [1, 1, 0, 0, 63, 0]),
    // Scan data made distinct per call, so no photo is "reused".
    ...[...randomUUID().replace(/-/g, '').slice(0, 12)].map((c) => c.charCodeAt(0)),
    0xff, 0xd9,
  ];
  return Buffer.from(bytes);
}

/** `t` as an ISO time with the +08:00 offset. */
function beijing(t: Date): string {
  const local = new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}

export interface AcceptedVisit {
  recordId: string;
  elderId: string;
  studentId: string;
}

/**
 * The demo student claims one of today's open slots of the organizer's town (with the demo
 * volunteer as the adult co-visitor: the student is a minor and the slots are in person),
 * submits a 40-minute visit confirmed by the elder's signature, and the organizer accepts it.
 */
export async function acceptedStudentVisit(request: APIRequestContext): Promise<AcceptedVisit> {
  const organizer = await tokenOf(request, 'town.organizer');
  const student = await tokenOf(request, 'student');
  const volunteer = await tokenOf(request, 'volunteer');
  const { me: org } = await gql<{ me: { areaCode: string } }>(request, organizer, '{ me { areaCode } }');
  const { me: stu } = await gql<{ me: { id: string; displayName: string } }>(request, student, '{ me { id displayName } }');
  const { me: vol } = await gql<{ me: { id: string } }>(request, volunteer, '{ me { id } }');
  const today = todayInChina();
  const month = today.slice(0, 7);

  await gql(request, organizer, 'mutation($m: String!, $a: String!) { generateSlots(month: $m, areaCode: $a) { wanted } }', {
    m: month,
    a: org.areaCode,
  });
  const { visitSlots } = await gql<{ visitSlots: { id: string; elderId: string; inPerson: boolean; windowFrom: string; windowTo: string }[] }>(
    request,
    organizer,
    'query($m: String!, $a: String!) { visitSlots(month: $m, areaCode: $a, status: OPEN) { id elderId inPerson windowFrom windowTo } }',
    { m: month, a: org.areaCode },
  );
  const todays = visitSlots.filter((s) => s.windowFrom <= today && today <= s.windowTo);
  expect(todays.length, 'an open slot whose window holds today').toBeGreaterThan(0);
  // A random one, so that other specs taking "the first" slot are not disturbed.
  const slot = todays[Math.floor(Math.random() * todays.length)]!;
  await gql(request, student, 'mutation($s: String!, $c: String) { claimSlot(slotId: $s, coVisitorId: $c) { id } }', {
    s: slot.id,
    c: slot.inPerson ? vol.id : null,
  });

  const upload = await request.post('/photos', {
    headers: { authorization: `Bearer ${student}`, 'content-type': 'image/jpeg' },
    data: jpeg(),
  });
  expect(upload.status(), await upload.text()).toBe(201);
  const signature = (await upload.json()) as { ref: string; sha256: string };

  // 40 minutes ending 5 minutes ago, but not before today's midnight (inside the slot's window).
  const end = new Date(Date.now() - 5 * 60_000);
  const midnight = new Date(`${today}T00:00:00+08:00`);
  const start = new Date(Math.max(end.getTime() - 40 * 60_000, midnight.getTime()));
  const person = { id: stu.id, name: stu.displayName };
  const record = {
    formatVersion: '1.0.0',
    submissionId: randomUUID(),
    elderId: slot.elderId,
    slotId: slot.id,
    startedAt: beijing(start),
    endedAt: beijing(end),
    mode: 'in_person',
    visitor: person,
    health: { mobility: { scale: 'change', value: 'unchanged' } },
    safety: { gas: { scale: 'safety', value: 'safe' } },
    confirmation: {
      visitor: { confirmedAt: beijing(end) },
      elder: {
        method: 'signature',
        confirmedAt: beijing(end),
        signature: { ref: signature.ref, sha256: signature.sha256, contentType: 'image/jpeg' },
      },
      enteredBy: { person, enteredAt: beijing(end) },
    },
  };
  const submitted = await gql<{ submitVisitRecord: { record: { id: string; version: number } } }>(
    request,
    student,
    'mutation($r: String!) { submitVisitRecord(record: $r) { record { id version } } }',
    { r: JSON.stringify(record) },
  );
  const { id, version } = submitted.submitVisitRecord.record;
  const reviewed = await gql<{ reviewVisitRecord: { status: string } }>(
    request,
    organizer,
    'mutation($id: String!, $v: Int!) { reviewVisitRecord(id: $id, decision: ACCEPT, comment: "学校认定测试", version: $v) { status } }',
    { id, v: version },
  );
  expect(reviewed.reviewVisitRecord.status).toBe('ACCEPTED');
  return { recordId: id, elderId: slot.elderId, studentId: stu.id };
}

/** At 360 px the desk layout must not scroll sideways (tables scroll inside their own box). */
export async function expectNoSideScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);
}
