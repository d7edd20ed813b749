import { expect, test, type Page } from '@playwright/test';
import { expectNoSideScroll, gql, signIn } from './support/api';
import { claimableToday, myRecords, openSlotsForVolunteer } from './support/volunteer';

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

/** The elder signs with a finger: a stroke across the pad. */
async function sign(page: Page) {
  const pad = page.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + 60);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 25, box.y + 60 + (i % 2 ? 40 : -20));
  await page.mouse.up();
  await expect(pad).toHaveAttribute('data-signed', 'true');
}

/** `HH:MM` minutes ago, as the form's Beijing-time start (same day). */
function startedMinutesAgo(minutes: number): string {
  const now = Date.now() + 8 * 3600 * 1000;
  const start = Math.max(now - minutes * 60_000, Math.floor(now / 86_400_000) * 86_400_000 + 60_000);
  return new Date(start).toISOString().slice(0, 16);
}

test('a volunteer claims a slot, records the visit online, then one offline that is sent once', async ({ page, context, request }) => {
  test.setTimeout(120_000);
  const { volunteer, organizer, slots } = await openSlotsForVolunteer(request);
  const candidates = claimableToday(slots);
  expect(candidates.length, 'open slots whose window holds today').toBeGreaterThanOrEqual(2);
  const [first, second] = candidates as [(typeof candidates)[0], (typeof candidates)[0]];

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
  await page.getByLabel('开始时间（北京时间）').fill(startedMinutesAgo(40));
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
  const inHours = (h: number) => new Date(Date.now() + (8 + h) * 3600 * 1000).toISOString().slice(0, 16);
  await start.fill(inHours(2));
  await page.getByLabel('结束时间（北京时间）').fill(inHours(3));
  await page.getByRole('button', { name: '提交记录' }).click();
  await expect(page.locator('[data-field-error="startedAt"]')).toBeVisible();
  await expect(start).toHaveAttribute('aria-invalid', 'true');
  expect((await myRecords(request, volunteer)).filter((r) => r.slotId === first.id)).toHaveLength(0);
  await start.fill(rightStart);
  await page.getByLabel('结束时间（北京时间）').fill('');
  await page.getByRole('button', { name: '提交记录' }).click();
  const result = page.getByTestId('visit-result');
  await expect(result).toHaveAttribute('data-kind', 'sent');
  await expect(result).toContainText('记录已提交');
  await expect(result).toContainText('待审核');

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
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect(page.locator('[data-testid="submitted-records"] li')).not.toHaveCount(0);

  // OFFLINE: the app opens without a connection and the visit is kept on the phone.
  // The shell (index.html and the built files this page loaded) is in the worker's caches.
  await expect
    .poll(() => page.evaluate(async () => (await caches.open('tanfang-assets-v1').then((c) => c.keys())).length))
    .toBeGreaterThan(1);
  await context.setOffline(true);
  expect(await page.evaluate(() => fetch('/health').then(() => 'online', () => 'offline'))).toBe('offline');
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { level: 1, name: '日程' })).toBeVisible();
  await expect(page.getByTestId('offline-note')).toBeVisible();
  await page.locator(`[data-slot-id="${second.id}"]`).getByRole('link', { name: '开始探访' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '探访记录' })).toBeVisible();
  await page.getByLabel('开始时间（北京时间）').fill(startedMinutesAgo(30));
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

  // Back online: sent by itself, once.
  await context.setOffline(false);
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
