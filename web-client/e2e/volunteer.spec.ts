import type { APIRequestContext, Page } from '@playwright/test';
import { expectNoSideScroll, gql, signIn } from './support/api';
import { now } from './support/clock';
import { expect, test } from './support/test';
import {
  claimableToday,
  myRecords,
  openSlotsForVolunteer,
  recordVisitByApi,
  beijingInput,
  sign,
  startedMinutesAgo,
  Submissions,
  waitForOfflineShell,
  type OpenSlot,
} from './support/volunteer';

const SCREENS = 'test-results/screens';

async function signInAsVolunteer(page: Page) {
  await signIn(page, 'volunteer');
  await expect(page).toHaveURL(/\/v$/);
}

/** A small JPEG made by the browser itself (a camera photo stand-in). */
async function jpeg(page: Page, hue: number): Promise<Buffer> {
  const b64 = await page.evaluate((h) => {
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 48;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = `hsl(${h}, 60%, 50%)`;
    ctx.fillRect(0, 0, 64, 48);
    ctx.fillStyle = '#fff';
    ctx.fillRect(8, 8, 20, 20);
    return c.toDataURL('image/jpeg', 0.9).split(',')[1]!;
  }, hue);
  return Buffer.from(b64, 'base64');
}

test('a volunteer claims a slot, records the visit online, then one offline that is sent once', async ({ page, context, request }) => {
  test.setTimeout(120_000);
  const { volunteer, organizer, slots } = await openSlotsForVolunteer(request);
  const candidates = claimableToday(slots);
  expect(candidates.length, 'open slots whose window holds today').toBeGreaterThanOrEqual(2);
  const [first, second] = candidates as [(typeof candidates)[0], (typeof candidates)[0]];
  // Every record the page sends, as the server sees it: each visit must reach it exactly once.
  const submissions = await Submissions.watch(context);

  await signInAsVolunteer(page);
  // 时段: the open slots near me, nearest first.
  const list = page.getByRole('list', { name: '时段' });
  await expect(list.locator('li').first()).toBeVisible();
  await expect(page.getByText(/共 \d+ 个可认领时段/)).toBeVisible();
  await expectNoSideScroll(page, 'the slots screen at 360 px');
  await page.screenshot({ path: `${SCREENS}/volunteer-slots.png` });

  const firstItem = page.locator(`[data-slot-id="${first.id}"]`);
  const secondItem = page.locator(`[data-slot-id="${second.id}"]`);
  await expect(firstItem).toBeVisible();
  await expect(secondItem).toBeVisible();

  // Exactly once: the second slot is taken behind the screen's back (by the same volunteer
  // through the API, for the offline visit below), so claiming it here is refused next to it.
  await gql(request, volunteer, 'mutation($s: String!) { claimSlot(slotId: $s) { id } }', { s: second.id });
  await secondItem.getByRole('button', { name: '认领' }).click();
  await expect(secondItem.locator('[data-field-error="slotId"]')).toContainText('该时段已被认领或已关闭');

  await firstItem.getByRole('button', { name: '认领' }).click();
  await expect(firstItem.getByText('已认领')).toBeVisible();
  await firstItem.getByRole('link', { name: '开始探访' }).click();
  await expect(page).toHaveURL(new RegExp(`/v/visit/${first.id}$`));

  // The visit form, in the shared record format, headed by the elder (name and address as
  // the API gives them to the slot's holder).
  await expect(page.getByRole('heading', { level: 1, name: '探访记录' })).toBeVisible();
  const schedule = await gql<{ mySchedule: { id: string; elder: { name: string; residenceAddress: string } | null }[] }>(
    request,
    volunteer,
    '{ mySchedule { id elder { name residenceAddress } } }',
  );
  const elderOf = (slotId: string) => schedule.mySchedule.find((s) => s.id === slotId)?.elder;
  const firstElder = elderOf(first.id);
  const secondElder = elderOf(second.id);
  expect(firstElder?.name, 'the holder is given the elder of a held slot').toBeTruthy();
  expect(secondElder?.name, 'the holder is given the elder of a held slot').toBeTruthy();
  await expect(page.getByTestId('visit-elder')).toContainText(firstElder!.name);
  await expect(page.getByTestId('visit-elder')).toContainText(firstElder!.residenceAddress);
  await page.getByLabel('开始时间（北京时间）').fill(startedMinutesAgo(40, first.windowFrom));
  await page.getByRole('group', { name: '行动能力' }).getByRole('radio', { name: '无变化', exact: true }).check();
  await page.getByRole('group', { name: '表达能力' }).getByRole('radio', { name: '较好', exact: true }).check();
  await page.getByText('安全情况').click();
  await page.getByRole('group', { name: '燃气安全' }).getByRole('radio', { name: '安全', exact: true }).check();
  await page.getByTestId('photo-input').setInputFiles({ name: 'visit.jpg', mimeType: 'image/jpeg', buffer: await jpeg(page, 20) });
  await expect(page.getByTestId('photo-count')).toHaveText('已添加 1 张照片');
  await sign(page);
  await page.screenshot({ path: `${SCREENS}/volunteer-form-confirm.png` });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENS}/volunteer-form.png` });
  // An API refusal is shown next to the field it names: a start time in the future.
  const start = page.getByLabel('开始时间（北京时间）');
  const rightStart = await start.inputValue();
  const inHours = (h: number) => beijingInput(now().getTime(), h);
  await start.fill(inHours(2));
  await page.getByLabel('结束时间（北京时间）').fill(inHours(3));
  await page.getByRole('button', { name: '提交记录' }).click();
  await expect(page.locator('[data-field-error="startedAt"]')).toBeVisible();
  await expect(start).toHaveAttribute('aria-invalid', 'true');
  expect((await myRecords(request, volunteer)).filter((r) => r.slotId === first.id)).toHaveLength(0);
  expect(submissions.forSlot(first.id).map((s) => s.answer)).toEqual(['INVALID_INPUT']);
  await start.fill(rightStart);
  await page.getByLabel('结束时间（北京时间）').fill('');
  await page.getByRole('button', { name: '提交记录' }).click();
  const result = page.getByTestId('visit-result');
  await expect(result).toHaveAttribute('data-kind', 'sent');
  await expect(result).toContainText('记录已提交');
  await expect(result).toContainText('待审核');
  // Sent once more after the refusal, with the same submission, and stored.
  const firstSent = submissions.forSlot(first.id);
  expect(firstSent.map((s) => s.answer)).toEqual(['INVALID_INPUT', 'created']);
  expect(firstSent[1]!.submissionId).toBe(firstSent[0]!.submissionId);

  const afterFirst = await myRecords(request, volunteer);
  const firstRecords = afterFirst.filter((r) => r.slotId === first.id);
  expect(firstRecords).toHaveLength(1);
  const body = await gql<{ visitRecord: { body: string } }>(request, volunteer, 'query($id: String!) { visitRecord(id: $id) { body } }', {
    id: firstRecords[0]!.id,
  });
  const stored = JSON.parse(body.visitRecord.body) as Record<string, any>;
  expect(stored.health.mobility).toEqual({ scale: 'change', value: 'unchanged' });
  expect(stored.safety.gas).toEqual({ scale: 'safety', value: 'safe' });
  expect(stored.photos).toHaveLength(1);
  expect(stored.confirmation.elder.method).toBe('signature');

  // 日程: the second slot is there; the service worker controls the page.
  await page.getByRole('link', { name: '返回日程' }).click();
  await expect(page).toHaveURL(/\/v\/schedule$/);
  const scheduled = page.locator(`[data-slot-id="${second.id}"]`);
  await expect(scheduled.getByRole('link', { name: '开始探访' })).toBeVisible();
  // A held slot shows whom to visit: the elder's name (the API's) and address, no reference.
  await expect(scheduled.getByTestId('slot-elder')).toContainText(secondElder!.name);
  await expect(scheduled.getByTestId('slot-elder')).toContainText(secondElder!.residenceAddress);
  await expect(scheduled).not.toContainText('老人编号');
  // Its window has begun: 退回 is not offered (the server refuses it from the first day on).
  await expect(scheduled.getByRole('button', { name: '退回' })).toHaveCount(0);
  await expect(scheduled.getByTestId('no-release')).toContainText('不能再退回');
  await expect(page.locator('[data-testid="submitted-records"] li')).not.toHaveCount(0);

  // OFFLINE: the app opens without a connection and the visit is kept on the phone.
  // The shell (index.html and the built files this page loaded) is in the worker's caches.
  await waitForOfflineShell(page);
  await submissions.setOffline(true);
  expect(await page.evaluate(() => fetch('/health').then(() => 'online', () => 'offline'))).toBe('offline');
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { level: 1, name: '日程' })).toBeVisible();
  await expect(page.getByTestId('offline-note')).toBeVisible();
  await page.locator(`[data-slot-id="${second.id}"]`).getByRole('link', { name: '开始探访' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '探访记录' })).toBeVisible();
  await page.getByLabel('开始时间（北京时间）').fill(startedMinutesAgo(30, second.windowFrom));
  await page.getByRole('group', { name: '行动能力' }).getByRole('radio', { name: '较差', exact: true }).check();
  await page.getByTestId('photo-input').setInputFiles({ name: 'visit2.jpg', mimeType: 'image/jpeg', buffer: await jpeg(page, 200) });
  await sign(page);
  await page.getByRole('button', { name: '提交记录' }).click();
  await expect(page.getByTestId('visit-result')).toHaveAttribute('data-kind', 'queued');
  await page.getByRole('link', { name: '返回日程' }).click();
  const queuedItem = page.locator(`[data-slot-id="${second.id}"]`);
  await expect(queuedItem.getByTestId('queued-status')).toHaveText('待发送');
  await expect(queuedItem.getByTestId('slot-elder')).toContainText(secondElder!.name);
  await expect(page.getByTestId('outbox')).toContainText('待发送的探访记录');
  await page.screenshot({ path: `${SCREENS}/volunteer-queued.png` });
  expect((await myRecords(request, volunteer)).filter((r) => r.slotId === second.id)).toHaveLength(0);
  expect(submissions.forSlot(second.id)).toEqual([]);

  // Back online: sent by itself, once.
  await submissions.setOffline(false);
  await expect(page.getByTestId('outbox')).toHaveCount(0, { timeout: 15_000 });
  await expect.poll(async () => (await myRecords(request, volunteer)).filter((r) => r.slotId === second.id).length).toBe(1);
  // More `online` events and app starts send nothing twice.
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '日程' })).toBeVisible();
  await page.waitForTimeout(500);
  const mine = await myRecords(request, volunteer);
  expect(mine.filter((r) => r.slotId === second.id)).toHaveLength(1);
  expect(mine.filter((r) => r.slotId === first.id)).toHaveLength(1);
  expect(submissions.forSlot(second.id).map((s) => s.answer)).toEqual(['created']);
  expect(submissions.forSlot(first.id).map((s) => s.answer)).toEqual(['INVALID_INPUT', 'created']);

  // 时长: once the organizer accepts the first record, the time bank shows its minutes.
  const rec = firstRecords[0]!;
  await gql(request, organizer, 'mutation($id: String!, $v: Int!) { reviewVisitRecord(id: $id, decision: ACCEPT, comment: "核实无误", version: $v) { status } }', {
    id: rec.id,
    v: rec.version,
  });
  const ledger = await gql<{ myLedgerAccounts: { book: string; balanceMinutes: number }[] }>(
    request,
    volunteer,
    '{ myLedgerAccounts { book balanceMinutes } }',
  );
  const bank = ledger.myLedgerAccounts.find((a) => a.book === 'TIME_BANK');
  expect(bank?.balanceMinutes ?? 0).toBeGreaterThan(0);
  await page.getByRole('navigation', { name: '探访人员导航' }).getByRole('link', { name: '时长' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '时长' })).toBeVisible();
  const card = page.locator('.v-account').filter({ hasText: '时间银行' });
  await expect(card.getByTestId('balance')).toHaveText(`${(Math.round((bank!.balanceMinutes / 60) * 10) / 10).toFixed(1)} 小时`);
  await card.getByRole('button', { name: '查看流水' }).click();
  await expect(card.getByRole('list', { name: '流水' })).toContainText('探访计时');
  await page.screenshot({ path: `${SCREENS}/volunteer-hours.png` });
});

/** One more open slot whose window holds today, claimed through the API. */
async function claimOneToday(request: APIRequestContext): Promise<{ volunteer: string; slot: OpenSlot }> {
  const { volunteer, slots } = await openSlotsForVolunteer(request);
  const [slot] = claimableToday(slots);
  expect(slot, 'an open slot whose window holds today').toBeTruthy();
  await gql(request, volunteer, 'mutation($s: String!) { claimSlot(slotId: $s) { id } }', { s: slot!.id });
  return { volunteer, slot: slot! };
}

/** From 日程, the visit form of a held slot, filled in: started some minutes ago, one grade, signed. */
async function fillVisit(page: Page, slot: OpenSlot, minutesAgo: number) {
  await page.getByRole('navigation', { name: '探访人员导航' }).getByRole('link', { name: '日程' }).click();
  await page.locator(`[data-slot-id="${slot.id}"]`).getByRole('link', { name: '开始探访' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '探访记录' })).toBeVisible();
  await page.getByLabel('开始时间（北京时间）').fill(startedMinutesAgo(minutesAgo, slot.windowFrom));
  await page.getByRole('group', { name: '行动能力' }).getByRole('radio', { name: '无变化', exact: true }).check();
  await sign(page);
}

test('a visit whose answer is lost after the server stored it stays queued, is sent again with the same submission, and is stored once', async ({ page, context, request }) => {
  test.setTimeout(90_000);
  const { volunteer, slot } = await claimOneToday(request);
  const submissions = await Submissions.watch(context);
  await signInAsVolunteer(page);
  await fillVisit(page, slot, 25);

  // The server stores the record, but the connection drops before its answer reaches the phone.
  submissions.loseAnswers(1);
  await page.getByRole('button', { name: '提交记录' }).click();
  await expect(page.getByTestId('visit-result')).toHaveAttribute('data-kind', 'queued');
  const [lost] = submissions.forSlot(slot.id);
  expect(submissions.forSlot(slot.id).map((s) => [s.answer, s.delivered])).toEqual([['created', false]]);
  expect((await myRecords(request, volunteer)).filter((r) => r.slotId === slot.id)).toHaveLength(1);

  // The phone does not know: it keeps the record to send.
  await page.getByRole('link', { name: '返回日程' }).click();
  const item = page.locator(`[data-slot-id="${slot.id}"]`);
  await expect(item.getByTestId('queued-status')).toHaveText('待发送');
  await expect(page.getByTestId('outbox')).toContainText('待发送的探访记录');

  // The connection goes; a second tab of the app is opened meanwhile (from the worker's cache).
  await waitForOfflineShell(page);
  await submissions.setOffline(true);
  const other = await context.newPage();
  await other.goto('/v/schedule');
  await expect(other.getByTestId('outbox')).toContainText('待发送的探访记录');

  // Back online, both tabs flush: the record is sent once more, the same submission with the
  // same content, which the server recognises; the phone then lets it go.
  await submissions.setOffline(false);
  await expect(page.getByTestId('outbox')).toHaveCount(0, { timeout: 15_000 });
  await expect(other.getByTestId('outbox')).toHaveCount(0);
  const sent = submissions.forSlot(slot.id);
  expect(sent.map((s) => [s.answer, s.delivered])).toEqual([['created', false], ['repeat', true]]);
  expect(sent[1]!.submissionId).toBe(lost!.submissionId);
  expect(sent[1]!.record).toBe(lost!.record);
  const stored = (await myRecords(request, volunteer)).filter((r) => r.slotId === slot.id);
  expect(stored.map((r) => r.submissionId)).toEqual([lost!.submissionId]);
  // The screen says so: the slot is done and the record is among those submitted.
  await expect(item.locator('.v-badge')).toHaveText('已完成');
  await expect(page.locator(`[data-testid="submitted-records"] [data-submission-id="${lost!.submissionId}"]`)).toBeVisible();

  // More `online` events and app starts send nothing.
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await other.close();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '日程' })).toBeVisible();
  await page.waitForTimeout(500);
  expect(submissions.forSlot(slot.id).map((s) => s.answer)).toEqual(['created', 'repeat']);
  expect((await myRecords(request, volunteer)).filter((r) => r.slotId === slot.id)).toHaveLength(1);
});

test('a queued visit the server refuses is kept with the reason in Chinese, not sent again, and can be deleted', async ({ page, context, request }) => {
  test.setTimeout(90_000);
  const { volunteer, slot } = await claimOneToday(request);
  const submissions = await Submissions.watch(context);
  await signInAsVolunteer(page);
  await fillVisit(page, slot, 15);

  // No connection at the elder's home: the visit is kept on the phone.
  await submissions.setOffline(true);
  await page.getByRole('button', { name: '提交记录' }).click();
  await expect(page.getByTestId('visit-result')).toHaveAttribute('data-kind', 'queued');
  await page.getByRole('link', { name: '返回日程' }).click();
  // Meanwhile the same visit was recorded from another phone: the server will refuse this one.
  const fromOtherPhone = await recordVisitByApi(request, volunteer, slot);

  // Back online: sent, refused (validation error naming the slot), and said so in Chinese.
  await submissions.setOffline(false);
  const item = page.locator(`[data-slot-id="${slot.id}"]`);
  await expect(item.getByTestId('queued-status')).toHaveText('未能发送', { timeout: 15_000 });
  const refused = item.getByTestId('refused');
  await expect(refused).toContainText('服务器没有接收这条记录');
  await expect(refused).toContainText('这个探访时段已有记录');
  await expect(refused).toContainText('请打开记录修改后重新提交');
  await expect(refused).not.toContainText(/slotId|invalid/i);
  expect(submissions.forSlot(slot.id).map((s) => s.answer)).toEqual(['INVALID_INPUT']);
  // The outbox does not promise to send it by itself, and the screen no longer says offline.
  const outbox = page.getByTestId('outbox');
  await expect(outbox.getByTestId('refused-summary')).toContainText('不会自动发送');
  await expect(outbox).not.toContainText('联网后会自动发送');
  await expect(outbox.getByRole('button', { name: '立即发送' })).toHaveCount(0);
  await expect(page.getByTestId('offline-note')).toHaveCount(0);
  await item.screenshot({ path: `${SCREENS}/volunteer-refused.png` });

  // Not sent again by itself: `online` events, an app start.
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.reload();
  await expect(item.getByTestId('queued-status')).toHaveText('未能发送');
  await page.waitForTimeout(1_000);
  expect(submissions.forSlot(slot.id).map((s) => s.answer)).toEqual(['INVALID_INPUT']);
  // Kept on the phone; the server has the other phone's record only.
  await expect(page.getByTestId('outbox')).toContainText('待发送的探访记录');
  expect((await myRecords(request, volunteer)).filter((r) => r.slotId === slot.id).map((r) => r.submissionId)).toEqual([fromOtherPhone]);

  // Opened, the form shows the reason next to what it is about.
  await item.getByRole('link', { name: '探访记录' }).click();
  await expect(page.locator('[data-field-error="slotId"]')).toHaveText('这个探访时段已有记录');

  // The visitor deletes it: the outbox is empty and the slot is done (by the other phone's record).
  await page.getByRole('navigation', { name: '探访人员导航' }).getByRole('link', { name: '日程' }).click();
  page.once('dialog', (d) => void d.accept());
  await item.getByRole('button', { name: '删除' }).click();
  await expect(page.getByTestId('outbox')).toHaveCount(0);
  await expect(item.locator('.v-badge')).toHaveText('已完成');
  expect(submissions.forSlot(slot.id).map((s) => s.answer)).toEqual(['INVALID_INPUT']);
});

test.describe('on a slow network', () => {
  // The page's own network requests, not the offline shell's cache.
  test.use({ serviceWorkers: 'block' });

  test('the slot list asks for its first page from the HTML, before the app code has arrived, and only once', async ({ page }) => {
    await signInAsVolunteer(page);
    const sent: { at: number; body: string }[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/graphql') sent.push({ at: Date.now(), body: r.postData() ?? '' });
    });
    // The app's code arrives late, as on a slow phone network.
    let released = Number.POSITIVE_INFINITY;
    await page.route(/\/assets\/main-[^/]+\.js$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      released = Date.now();
      await route.continue();
    });
    await page.reload();
    await expect(page.locator('[data-testid="first-slot"] button')).toBeEnabled();
    const firstPage = sent.filter((s) => s.body.includes('query VolunteerNearbySlots'));
    expect(firstPage, 'one request for the first page').toHaveLength(1);
    expect(firstPage[0]!.at, 'sent before the app code arrived').toBeLessThan(released);
    expect(sent.filter((s) => s.body.includes('query VolunteerWhoAmI'))).toHaveLength(1);
  });
});
