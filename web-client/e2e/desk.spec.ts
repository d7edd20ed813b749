import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import { WEB_DIR } from './global-setup';
import { startServer, webClientDir, type RunningServer } from './server';
import { expectNoSideScroll, gql, openSlots, signIn, tokenOf } from './support/api';
import { clockOf, serveAgainAt, settled } from './support/desk';
import { expect, test } from './support/test';

// The organizer's desk: 1366 px.
test.use({ viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

const SCREENS = 'test-results/screens';

/**
 * The sheet the import test uploads (e2e/fixtures/make-desk-import.py writes it): three elders
 * of 康庄社区, the ninth village of the demo's first town (the organizer's), the second row's ID
 * number with a wrong check digit.
 */
const SHEET = join(webClientDir, 'e2e', 'fixtures', 'desk-import.xlsx');
const SHEET_VILLAGE = '康庄社区';

interface Account {
  id: string;
  displayName: string;
}

async function areaOf(request: APIRequestContext, token: string): Promise<{ code: string; children: { code: string; name: string }[] }> {
  const { me } = await gql<{ me: { areaCode: string } }>(request, token, '{ me { areaCode } }');
  const { area } = await gql<{ area: { code: string; children: { code: string; name: string }[] } }>(
    request,
    token,
    'query($c: String!) { area(code: $c) { code children { code name } } }',
    { c: me.areaCode },
  );
  return area;
}

async function activeAccounts(request: APIRequestContext, token: string, role: string): Promise<Account[]> {
  const { accounts } = await gql<{ accounts: { nodes: Account[] } }>(
    request,
    token,
    'query($r: Role!) { accounts(first: 100, role: $r, status: ACTIVE) { nodes { id displayName } } }',
    { r: role },
  );
  return accounts.nodes;
}

async function signInAsOrganizer(page: Page) {
  await signIn(page, 'town.organizer');
  await expect(page).toHaveURL(/\/o$/);
}

test('an organizer pairs a contact picked from a list and prints the written notice', async ({ page, request }) => {
  test.setTimeout(240_000);
  await settled(request);
  const organizer = await tokenOf(request, 'town.organizer');
  const area = await areaOf(request, organizer);
  // An elder of the town's last village (other specs work in the first).
  const village = area.children[area.children.length - 1]!;
  const { elders } = await gql<{ elders: { edges: { node: { id: string; name: string } }[] } }>(
    request,
    organizer,
    'query($v: String!) { elders(first: 1, filter: { villageCode: $v }) { edges { node { id name } } } }',
    { v: village.code },
  );
  const elder = elders.edges[0]!.node;
  // Whom pairElder accepts: the area's active village staff, town organizers and visitors.
  const staff = await activeAccounts(request, organizer, 'VILLAGE_STAFF');
  const organizers = await activeAccounts(request, organizer, 'TOWN_ORGANIZER');
  const visitors = await activeAccounts(request, organizer, 'VISITOR');
  const contact = staff[0]!;
  expect(contact, 'the demo town has active village staff').toBeTruthy();

  await signInAsOrganizer(page);
  await page.goto(`/o/elders/${elder.id}`);
  const card = page.getByTestId('pairing-card');
  await expect(card.getByRole('heading', { name: '结对联系人' })).toBeVisible();
  // The list holds exactly those people, each by name.
  const select = card.getByLabel('选择联系人');
  await expect(select.locator('option:not([value=""])')).toHaveCount(staff.length + organizers.length + visitors.length);
  await expect(select.locator(`option[value="${contact.id}"]`)).toHaveText(contact.displayName);
  await select.selectOption(contact.id);
  await card.getByLabel('备注（可不填）').fill('同村，每周路过');
  await card.getByRole('button', { name: '结对', exact: true }).click();
  await expect(card.getByRole('status')).toHaveText(`已将 ${contact.displayName} 结对为联系人`);
  const shown = card.getByTestId('responsible-contact');
  await expect(shown).toContainText(contact.displayName);
  await expect(shown).toContainText('已结对');
  await expect(shown).toContainText('同村，每周路过');
  const { responsibleContact } = await gql<{ responsibleContact: { userId: string; paired: boolean } }>(
    request,
    organizer,
    'query($e: String!) { responsibleContact(elderId: $e) { userId paired } }',
    { e: elder.id },
  );
  expect(responsibleContact).toEqual({ userId: contact.id, paired: true });
  await expectNoSideScroll(page, 'the elder page');
  await page.screenshot({ path: `${SCREENS}/desk-pairing.png`, fullPage: true });

  // 打印书面告知: the notice opens in a new tab (fetched with the token, from a blob URL).
  const [popup] = await Promise.all([page.waitForEvent('popup'), card.getByTestId('print-notice').click()]);
  await expect(popup).toHaveURL(/^blob:/);
  await expect(popup.getByRole('heading', { name: '探访关爱联系人告知书' })).toBeVisible();
  const body = popup.locator('body');
  await expect(body).toContainText(`${elder.name}（老人）及家属（赡养人）`);
  await expect(body).toContainText(`联系人姓名${contact.displayName}`);
  await expect(body).toContainText('探访频次：按《');
  await expect(body).toContainText('120（急救）');
  await popup.close();
});

test('an organizer checks a sheet, sees the bad row named, and imports only the valid rows', async ({ page, request }) => {
  test.setTimeout(240_000);
  await settled(request);
  const organizer = await tokenOf(request, 'town.organizer');
  const area = await areaOf(request, organizer);
  expect(area.children.map((c) => c.name), `the sheet names the demo's village ${SHEET_VILLAGE}`).toContain(SHEET_VILLAGE);

  await signInAsOrganizer(page);
  await page.getByRole('navigation', { name: '组织者导航' }).getByRole('link', { name: '导入老人' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '导入老人' })).toBeVisible();

  // The empty template, from the page.
  const [template] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载空白模板' }).click()]);
  expect(template.suggestedFilename()).toMatch(/\.xlsx$/);

  // Check first: nothing written, the bad row named by row, column and reason.
  await page.getByLabel('选择 Excel 文件（.xlsx）').setInputFiles(SHEET);
  await page.getByRole('button', { name: '检查（不写入）' }).click();
  const report = page.getByTestId('import-report');
  await expect(report.getByRole('heading', { name: '检查结果' })).toBeVisible();
  await expect(report).toContainText('未写入任何数据');
  const problems = report.getByTestId('import-problems').locator('tbody tr');
  await expect(problems).toHaveCount(1);
  await expect(problems.first().locator('td')).toHaveText(['3', '身份证号码', /校验/]);
  const counts = report.getByTestId('import-counts');
  await expect(counts).toContainText('读取行数3');
  await expect(counts).toContainText('有问题的行1');
  await expect(counts).not.toContainText('新建档案');
  const [sheet] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: '下载报告表' }).click()]);
  expect(sheet.suggestedFilename()).toMatch(/\.xlsx$/);
  await expectNoSideScroll(page, 'the import page');
  await page.screenshot({ path: `${SCREENS}/desk-import-check.png`, fullPage: true });

  // Importing every row is refused while one fails.
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await expect(report.getByRole('heading', { name: '导入结果' })).toBeVisible();
  await expect(report).toContainText('未写入任何数据');

  // Only the valid rows: two files.
  await page.getByLabel('只导入没有问题的行（有问题的行跳过）').check();
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await expect(report).toContainText('已写入');
  await expect(report.getByTestId('import-counts')).toContainText('新建档案2');

  // They are in the elder list; the bad row is not.
  await report.getByRole('link', { name: '老人档案' }).click();
  await page.getByLabel('姓名包含').fill('导入');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByTestId('elders-total')).toHaveText('共 2 位老人');
  await expect(page.getByRole('link', { name: '导入甲' })).toBeVisible();
  await expect(page.getByRole('link', { name: '导入丙' })).toBeVisible();
  await expect(page.getByText('导入乙')).toHaveCount(0);
});

/** Early in the month (a first-half window still running), and eight days later. */
const EARLY = '2026-11-10T10:00:00+08:00';
const LATER = '2026-11-18T10:00:00+08:00';
const MONTH = '2026-11';

interface Slot {
  id: string;
  villageCode: string;
  windowTo: string;
  needsProfessional: boolean;
  elder: { name: string } | null;
}

test('an organizer assigns an open slot to a visitor picked from a list, and sees it among the no-shows once its window has passed, and on the visitor on 志愿者', async ({ browser }) => {
  test.setTimeout(240_000);
  let server: RunningServer = await startServer(WEB_DIR, EARLY);
  let api = await playwrightRequest.newContext({ baseURL: server.url });
  let context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  try {
    await context.clock.install({ time: clockOf(server, EARLY) });
    await settled(api);
    const organizer = await tokenOf(api, 'town.organizer');
    const area = await areaOf(api, organizer);
    const visitors = await activeAccounts(api, organizer, 'VISITOR');
    const nameOf = (id: string) => visitors.find((v) => v.id === id)!.displayName;
    // Pairs the claim rules allow: the planner's proposal. Two whose window ends before LATER.
    const { planProposal } = await gql<{ planProposal: { assignments: { slotId: string; visitorId: string }[] } }>(
      api,
      organizer,
      'query($m: String!, $a: String!) { planProposal(month: $m, areaCode: $a) { assignments { slotId visitorId } } }',
      { m: MONTH, a: area.code },
    );
    const slots = new Map(
      (await openSlots<Slot>(api, organizer, MONTH, area.code, 'id villageCode windowTo needsProfessional elder { name }')).map((s) => [s.id, s]),
    );
    const ending = planProposal.assignments
      .map((a) => ({ ...a, slot: slots.get(a.slotId)! }))
      .filter((a) => a.slot && a.slot.windowTo < LATER.slice(0, 10));
    expect(ending.length, 'two proposed slots end before the later day').toBeGreaterThanOrEqual(2);
    const [mine, raced] = [ending[0]!, ending[1]!];

    const page = await context.newPage();
    await signInAsOrganizer(page);
    await page.getByRole('navigation', { name: '组织者导航' }).getByRole('link', { name: '方案' }).click();
    const card = page.getByTestId('assign-card');
    await expect(card.getByRole('heading', { name: '指派时段' })).toBeVisible();
    await expect(page.getByTestId('no-shows')).toContainText('本月没有未到的时段');

    // Pick the village, the slot (by elder and window) and the visitor (by name).
    await card.getByLabel('村/社区').selectOption(mine.slot.villageCode);
    await expect(card.getByLabel('时段').locator(`option[value="${mine.slotId}"]`)).toContainText(mine.slot.elder!.name);
    await card.getByLabel('时段').selectOption(mine.slotId);
    await expect(card.getByLabel('探访人员', { exact: true }).locator(`option[value="${mine.visitorId}"]`)).toHaveText(nameOf(mine.visitorId));
    await card.getByLabel('探访人员', { exact: true }).selectOption(mine.visitorId);
    await card.getByRole('button', { name: '指派' }).click();
    await expect(card.getByTestId('assign-done')).toContainText(`指派给 ${nameOf(mine.visitorId)}`);
    const { visitSlots } = await gql<{ visitSlots: { id: string; holderId: string }[] }>(
      api,
      organizer,
      'query($m: String!, $a: String!) { visitSlots(month: $m, areaCode: $a, status: CLAIMED) { id holderId } }',
      { m: MONTH, a: mine.slot.villageCode },
    );
    expect(visitSlots.find((s) => s.id === mine.slotId)?.holderId).toBe(mine.visitorId);

    // A slot someone else takes while it is on the screen: refused, in words, at the slot.
    await card.getByLabel('村/社区').selectOption(raced.slot.villageCode);
    await card.getByLabel('时段').selectOption(raced.slotId);
    await card.getByLabel('探访人员', { exact: true }).selectOption(raced.visitorId);
    await gql(api, organizer, 'mutation($s: String!, $v: String!) { assignSlot(slotId: $s, visitorId: $v) { id } }', {
      s: raced.slotId,
      v: raced.visitorId,
    });
    await card.getByRole('button', { name: '指派' }).click();
    await expect(card.locator('[data-field-error="slotId"]')).toHaveText('该时段已被认领或已关闭');
    await expectNoSideScroll(page, 'the plans page');
    await page.screenshot({ path: `${SCREENS}/desk-assign.png`, fullPage: true });
    await context.close();
    await api.dispose();

    // Eight days later both windows have ended with nothing recorded: no-shows.
    server = await serveAgainAt(server, WEB_DIR, LATER);
    api = await playwrightRequest.newContext({ baseURL: server.url });
    context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    await context.clock.install({ time: clockOf(server, LATER) });
    await settled(api);
    const later = await context.newPage();
    await signInAsOrganizer(later);
    await later.getByRole('navigation', { name: '组织者导航' }).getByRole('link', { name: '方案' }).click();
    const noShows = later.getByTestId('no-show-table').locator('tbody tr');
    for (const taken of [mine, raced]) {
      const row = noShows.filter({ hasText: taken.slot.elder!.name }).filter({ hasText: nameOf(taken.visitorId) });
      await expect(row).toHaveCount(1);
    }
    await expect(noShows).toHaveCount(2);
    await later.getByTestId('no-shows').scrollIntoViewIfNeeded();
    await later.screenshot({ path: `${SCREENS}/desk-no-shows.png`, fullPage: true });

    // The daily job has marked them (the worker runs it on start): 志愿者 shows each visitor's
    // no-shows in the district's period, in words.
    await later.getByRole('navigation', { name: '组织者导航' }).getByRole('link', { name: '志愿者' }).click();
    for (const taken of [mine, raced]) {
      await expect(async () => {
        await later.reload();
        await later.getByRole('button', { name: /^已通过/ }).click();
        const row = later.getByTestId('visitor-row').filter({ hasText: nameOf(taken.visitorId) });
        await expect(row.getByTestId('visitor-no-shows')).toContainText(/近90天未到 [12] 次/, { timeout: 3_000 });
      }).toPass({ timeout: 90_000 });
    }
    const marked = later.getByTestId('visitor-row').filter({ hasText: nameOf(mine.visitorId) });
    await marked.getByRole('button', { name: /^未到记录/ }).click();
    await expect(marked.getByTestId('visitor-no-shows')).toContainText(mine.slot.windowTo);
    const volunteersText = await later.locator('main').innerText();
    expect(volunteersText).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|\b\d{12}\b|\b[A-Z]{2,}_[A-Z]{2,}\b/);
    await later.screenshot({ path: `${SCREENS}/organizer-volunteer-no-shows.png`, fullPage: true });
  } finally {
    await context.close();
    await api.dispose();
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(server.dir, { recursive: true, force: true });
  }
});

test('an organizer records a training with an attendee ticked from the list, and commends the visitor; both show on the visitor', async ({ page, request }) => {
  test.setTimeout(120_000);
  await settled(request);
  const organizer = await tokenOf(request, 'town.organizer');
  const visitors = await activeAccounts(request, organizer, 'VISITOR');
  const visitor = visitors[visitors.length - 1]!;
  const topic = `入户安全检查场景演示${Date.now() % 100000}`;

  await signInAsOrganizer(page);
  await page.getByRole('navigation', { name: '组织者导航' }).getByRole('link', { name: '志愿者' }).click();
  await page.getByRole('button', { name: '登记培训' }).click();
  const form = page.getByTestId('training-form');
  await form.getByLabel('培训主题').fill(topic);
  await form.getByLabel('地点').fill('镇社工站');
  // Attendees are ticked by name, not typed.
  await form.getByRole('checkbox', { name: visitor.displayName, exact: true }).first().check();
  await form.getByRole('button', { name: '保存培训记录' }).click();
  await expect(page.getByRole('status').filter({ hasText: `已登记培训「${topic}」，参加 1 人` })).toBeVisible();

  await page.getByRole('button', { name: /^已通过/ }).click();
  const row = page.getByTestId('visitor-row').filter({ hasText: visitor.displayName }).first();
  await row.getByRole('button', { name: '培训与表彰' }).click();
  const record = row.getByTestId('volunteer-record');
  await expect(record).toContainText(topic);
  await record.getByLabel('表彰名称').fill('优秀志愿者');
  await record.getByRole('button', { name: '登记表彰' }).click();
  await expect(record).toContainText(`已为 ${visitor.displayName} 登记表彰`);
  await expect(record.locator('li', { hasText: '优秀志愿者' })).toHaveCount(1);
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|\b\d{12}\b|\b[A-Z]{2,}_[A-Z]{2,}\b/);
  await page.screenshot({ path: `${SCREENS}/organizer-volunteer-training.png`, fullPage: true });
});
