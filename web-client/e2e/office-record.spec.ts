/**
 * The office's side of the volunteer service record (issue #20, 民政部令第67号): care given
 * recorded on an elder's page, the volunteers' overview, the inbox of correction requests,
 * and the 志愿服务记录证明 issued, printed one by one and all at once, with the office's seal.
 * Set-up goes through GraphQL as a volunteer or another screen would.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { APIRequestContext, Page } from '@playwright/test';
import { beijingIso, beijingToday, expectNoSideScroll, gql, makePng, signIn, tokenOf } from './support/api';
import { now } from './support/clock';
import { expect, test } from './support/test';
import { acceptedVisit } from './support/volunteer';

// Organizers work at a desk.
test.use({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

const SCREENS = 'test-results/screens';

async function signInAsOrganizer(page: Page) {
  await signIn(page, 'town.organizer');
  await expect(page).toHaveURL(/\/o$/);
}

async function me(request: APIRequestContext, token: string) {
  return (await gql<{ me: { id: string; displayName: string; areaCode: string } }>(request, token, '{ me { id displayName areaCode } }')).me;
}

async function timeBankMinutes(request: APIRequestContext, token: string): Promise<number> {
  const { myLedgerAccounts } = await gql<{ myLedgerAccounts: { book: string; balanceMinutes: number }[] }>(
    request,
    token,
    '{ myLedgerAccounts { book balanceMinutes } }',
  );
  return myLedgerAccounts.find((a) => a.book === 'TIME_BANK')?.balanceMinutes ?? 0;
}

/** Care the demo volunteer gave an elder of the town two hours ago, recorded through the API. */
async function careByApi(request: APIRequestContext, organizer: string, elderId: string, providerId: string, minutes: number) {
  await gql(
    request,
    organizer,
    `mutation($id: String!, $e: String!, $p: String!, $at: DateTime!, $m: Int!) {
      recordCareService(id: $id, elderId: $e, kind: HAIRCUT, providerId: $p, givenAt: $at, minutes: $m, confirmation: SIGNED_PAPER) { created } }`,
    { id: randomUUID(), e: elderId, p: providerId, at: beijingIso(new Date(now().getTime() - 2 * 3600_000)), m: minutes },
  );
}

async function anElder(request: APIRequestContext, organizer: string): Promise<{ id: string; name: string }> {
  const { elders } = await gql<{ elders: { edges: { node: { id: string; name: string } }[] } }>(
    request,
    organizer,
    '{ elders(first: 20, filter: { serviceStatus: IN_SERVICE }) { edges { node { id name } } } }',
  );
  const pick = elders.edges[Math.floor(Math.random() * elders.edges.length)];
  if (!pick) throw new Error('no elder in service in the town');
  return pick.node;
}

test('staff record care given on the elder page, credited as the district rules say', async ({ page, request }) => {
  test.setTimeout(120_000);
  const organizer = await tokenOf(request, 'town.organizer');
  const volunteer = await tokenOf(request, 'volunteer');
  const giver = await me(request, volunteer);
  const elder = await anElder(request, organizer);
  const before = await timeBankMinutes(request, volunteer);

  await signInAsOrganizer(page);
  await page.goto(`/o/elders/${elder.id}`);
  const card = page.getByTestId('care-card');
  await expect(card.getByRole('heading', { name: '服务记录' })).toBeVisible();
  // Saving without naming the giver is refused beside the field.
  await card.getByRole('button', { name: '保存服务记录' }).click();
  await expect(card.locator('[data-field-error="providerId"]')).toHaveText('请选择服务人员');

  await card.getByLabel('服务内容').selectOption({ label: '送餐' });
  await card.getByLabel('服务人员').selectOption({ label: giver.displayName });
  await card.getByLabel('时长（分钟）').fill('35');
  await card.getByLabel('老人确认方式').selectOption({ label: '电话确认' });
  // A time to come is refused by the server, at its field.
  const later = beijingIso(new Date(now().getTime() + 2 * 86400_000)).slice(0, 16);
  await card.getByLabel('服务时间').fill(later);
  await card.getByRole('button', { name: '保存服务记录' }).click();
  await expect(card.locator('[data-field-error="givenAt"]')).toHaveText('服务时间不能晚于现在');
  const earlier = beijingIso(new Date(now().getTime() - 3600_000)).slice(0, 16);
  await card.getByLabel('服务时间').fill(earlier);
  await card.getByRole('button', { name: '保存服务记录' }).click();
  await expect(card.getByRole('status')).toContainText('已记录：送餐 35 分钟');

  // What the time bank of the giver moved by is what the list says was credited.
  const credited = (await timeBankMinutes(request, volunteer)) - before;
  const item = card.getByTestId('care-list').locator('li').filter({ hasText: giver.displayName }).filter({ hasText: '35 分钟' }).first();
  await expect(item).toContainText('送餐');
  await expect(item).toContainText('电话确认');
  await expect(item).toContainText(credited > 0 ? `已记入时间银行 ${credited} 分钟` : '仅记录，未记入时长');
  await expect(item).toContainText(earlier.replace('T', ' '));

  // A kind the district's pack lists beyond the platform's (yubei-2024, 一（四）2: "康复护理"), which
  // its rules credit no time for: offered in the same picker, recorded and listed by its name.
  await card.getByLabel('服务内容').selectOption({ label: '康复护理' });
  await expect(card.getByText('本区规则：此项服务仅记录，不记入时长')).toBeVisible();
  await card.getByLabel('时长（分钟）').fill('20');
  await card.getByRole('button', { name: '保存服务记录' }).click();
  await expect(card.getByRole('status')).toContainText('已记录：康复护理 20 分钟');
  const rehab = card.getByTestId('care-list').locator('li').filter({ hasText: '康复护理' }).filter({ hasText: '20 分钟' }).first();
  await expect(rehab).toContainText(giver.displayName);
  await expect(rehab).toContainText('仅记录，未记入时长');
  await expectNoSideScroll(page, 'the elder page');
  await page.screenshot({ path: `${SCREENS}/office-care.png`, fullPage: true });
});

test("the volunteers' overview counts a month's care, sorts by name and exports the same period", async ({ page, request }) => {
  test.setTimeout(120_000);
  const organizer = await tokenOf(request, 'town.organizer');
  const volunteer = await tokenOf(request, 'volunteer');
  const giver = await me(request, volunteer);
  const { month } = beijingToday();

  await signInAsOrganizer(page);
  await page.getByRole('navigation', { name: '组织者导航' }).getByRole('link', { name: '志愿者' }).click();
  const overview = page.getByTestId('volunteer-overview');
  await expect(overview.getByRole('heading', { name: '志愿者概况' })).toBeVisible();
  await expect(overview.getByLabel('月份')).toHaveValue(month);
  const row = overview.getByTestId('overview-table').locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: giver.displayName, exact: true }) });
  await expect(row).toHaveCount(1);
  const careBefore = Number(await row.getByTestId('overview-care').textContent());
  const hoursBefore = Number((await row.getByTestId('overview-hours').textContent())!.replace(/[^\d.]/g, ''));

  // One more care given this month (30 minutes) shows once the page is read again.
  await careByApi(request, organizer, (await anElder(request, organizer)).id, giver.id, 30);
  await page.reload();
  await expect(row.getByTestId('overview-care')).toHaveText(String(careBefore + 1));
  await expect(row.getByTestId('overview-hours')).toHaveText(`${(hoursBefore + 0.5).toFixed(1)} 小时`);

  // Sorted by name: the names in order.
  await overview.getByLabel('排序').selectOption({ label: '姓名' });
  await expect(overview.getByLabel('排序')).toHaveValue('NAME');
  const names = await overview.getByTestId('overview-table').locator('tbody th').allTextContents();
  expect(names.length).toBeGreaterThan(0);
  expect(names).toEqual([...names].sort());

  // Another month: the picker asks for it (none of this month's care is in last year's).
  await overview.getByLabel('月份').fill(`${Number(month.slice(0, 4)) - 1}-${month.slice(5)}`);
  await expect(row.getByTestId('overview-care')).toHaveText('0');
  await overview.getByLabel('月份').fill(month);
  await expect(row.getByTestId('overview-care')).toHaveText(String(careBefore + 1));

  const [download] = await Promise.all([page.waitForEvent('download'), overview.getByRole('button', { name: '导出 Excel' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  expect(readFileSync(await download.path()).subarray(0, 2).toString('latin1')).toBe('PK');
  await expectNoSideScroll(page, 'the volunteers page');
  await page.screenshot({ path: `${SCREENS}/office-overview.png`, fullPage: true });
});

test('the town decides correction requests: one refused with a reason, one accepted', async ({ page, request }) => {
  test.setTimeout(180_000);
  const volunteer = await tokenOf(request, 'volunteer');
  const giver = await me(request, volunteer);
  const ask = 'mutation($r: String!, $m: Int!, $why: String!) { requestServiceCorrection(recordId: $r, minutes: $m, reason: $why) { id recordedMinutes } }';
  const first = await acceptedVisit(request);
  const second = await acceptedVisit(request);
  const refusedReason = `结束时间记早了 ${randomUUID().slice(0, 4)}`;
  const acceptedReason = `陪老人去了卫生院 ${randomUUID().slice(0, 4)}`;
  await gql(request, volunteer, ask, { r: first, m: 44, why: refusedReason });
  const { requestServiceCorrection: asked } = await gql<{ requestServiceCorrection: { recordedMinutes: number } }>(request, volunteer, ask, {
    r: second,
    m: 45,
    why: acceptedReason,
  });
  const before = await timeBankMinutes(request, volunteer);

  await signInAsOrganizer(page);
  await page.getByRole('navigation', { name: '组织者导航' }).getByRole('link', { name: '更正申请' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '更正申请' })).toBeVisible();
  const refused = page.getByTestId('correction').filter({ hasText: refusedReason });
  await expect(refused).toContainText(giver.displayName);
  await expect(refused).toContainText(beijingToday().day);
  await expect(refused).toContainText('44 分钟');
  await expect(refused).toContainText('待处理');
  await refused.getByRole('button', { name: '不予更正' }).click();
  await refused.getByRole('button', { name: '确认不予更正' }).click();
  await expect(refused.locator('[data-field-error="reason"]')).toHaveText('请说明不予更正的理由');
  await refused.getByLabel('不予更正的理由').fill('签到记录与所记时长一致');
  await refused.getByRole('button', { name: '确认不予更正' }).click();
  await expect(page.getByRole('status')).toHaveText(`已不予更正 ${giver.displayName} 的申请`);
  await expect(refused).toContainText('处理意见：签到记录与所记时长一致');

  const accepted = page.getByTestId('correction').filter({ hasText: acceptedReason });
  await expect(accepted).toContainText(`${asked.recordedMinutes} 分钟`);
  await accepted.getByRole('button', { name: '同意更正' }).click();
  await expect(page.getByRole('status')).toHaveText(`已同意 ${giver.displayName} 的更正申请`);
  await expect(accepted).toContainText('已更正');
  // The ledger moved by the difference (a reversal and a new posting).
  await expect.poll(() => timeBankMinutes(request, volunteer)).toBe(before + 45 - asked.recordedMinutes);
  // Pending ones come first: neither decided one is above a pending one.
  const statuses = await page.getByTestId('correction').locator('.org-badge').allTextContents();
  const lastPending = statuses.lastIndexOf('待处理');
  const firstDecided = statuses.findIndex((s) => s !== '待处理');
  expect(firstDecided === -1 || lastPending < firstDecided).toBe(true);
  await page.screenshot({ path: `${SCREENS}/office-corrections.png`, fullPage: true });
});

test('the town issues a proof, prints it with its seal, and prints the year at once', async ({ page, request }) => {
  test.setTimeout(180_000);
  const volunteer = await tokenOf(request, 'volunteer');
  const giver = await me(request, volunteer);
  await acceptedVisit(request);
  const { day } = beijingToday();

  await signInAsOrganizer(page);
  await page.getByRole('navigation', { name: '组织者导航' }).getByRole('link', { name: '服务证明' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '志愿服务记录证明' })).toBeVisible();

  // The seal: a file that is not an image is refused; a PNG is kept and shown.
  const seal = page.getByTestId('seal-card');
  await seal.getByLabel('上传印章图片').setInputFiles({ name: 'seal.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
  await expect(seal.getByRole('alert')).toBeVisible();
  await seal.getByLabel('上传印章图片').setInputFiles({ name: 'seal.png', mimeType: 'image/png', buffer: makePng(120, 120, [200, 30, 30]) });
  await expect(seal.getByRole('status')).toHaveText('印章已保存');
  await expect(seal.getByRole('img', { name: '当前印章' })).toBeVisible();

  // Issue: this year, to the demo volunteer.
  const form = page.getByTestId('issue-proof');
  await form.getByRole('button', { name: '出具证明' }).click();
  await expect(form.locator('[data-field-error="visitorId"]')).toHaveText('请选择探访人员');
  await form.getByLabel('探访人员').selectOption({ label: giver.displayName });
  await form.getByLabel('证明期间').selectOption({ label: '今年' });
  await expect(form.getByTestId('proof-period')).toHaveText(`${day.slice(0, 4)}-01-01 — ${day}`);
  await form.getByRole('button', { name: '出具证明' }).click();
  const notice = page.getByRole('status').filter({ hasText: '已为' });
  await expect(notice).toContainText(`已为 ${giver.displayName} 出具证明 〔${day.slice(0, 4)}〕第`);
  const number = /〔\d{4}〕第 \d{4} 号/.exec((await notice.textContent()) ?? '')![0];

  const row = page.getByTestId('proofs-table').locator('tbody tr').filter({ hasText: number });
  await expect(row).toContainText(giver.displayName);
  await expect(row).toContainText(`${day.slice(0, 4)}-01-01 — ${day}`);
  await expectNoSideScroll(page, 'the proofs page');
  await page.screenshot({ path: `${SCREENS}/office-proofs.png`, fullPage: true });

  // Print one: the proof names the volunteer and carries the seal.
  const [popup] = await Promise.all([page.waitForEvent('popup'), row.getByRole('button', { name: '打印' }).click()]);
  await expect(popup.getByRole('heading', { name: '志愿服务记录证明' })).toBeVisible();
  await expect(popup.locator('body')).toContainText(number);
  await expect(popup.locator('body')).toContainText(giver.displayName);
  await expect(popup.locator('img.seal')).toHaveCount(1);
  await popup.close();

  // Print the year at once: this proof is among them, each on a page of its own.
  const [batch] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('print-batch').click()]);
  await expect(batch.locator('section.proof').filter({ hasText: number })).toHaveCount(1);
  const pages = await batch.locator('section.proof').count();
  expect(pages).toBeGreaterThanOrEqual(1);
  await batch.close();
});
