import { rmSync } from 'node:fs';
import { request as playwrightRequest, type Locator, type Page } from '@playwright/test';
import { WEB_DIR } from './global-setup';
import { startServer } from './server';
import { beijingToday, expectNoSideScroll, gql, signIn, tokenOf } from './support/api';
import { districtOf } from './support/district';
import { expect, test } from './support/test';

/** The month `n` months before `month` (`YYYY-MM`). */
function monthsBefore(month: string, n: number): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 7);
}

/** An instant as the district (Beijing) reads it, `YYYY-MM-DD HH:MM`. */
function beijingMinute(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const percent = (r: number | null) => (r == null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);

interface Rates {
  visitRate: number | null;
  contactRate: number | null;
}
interface Correction {
  elderId: string;
  elderName: string;
  villageCode: string;
  kindLabel: string;
  what: string;
  by: string;
  why: string | null;
  reported: string;
  now: string;
}
interface ClosedCoverage {
  total: Rates & { code: string; name: string };
  villages: { code: string; name: string }[];
  closed: {
    knownAt: string;
    how: string;
    closedBy: string;
    corrections: Correction[];
    nowTotal: Rates;
    nowVillages: { code: string; name: string }[];
  } | null;
}

const COVERAGE = `query($m: String!, $a: String!) { coverage(month: $m, areaCode: $a) {
  total { code name visitRate contactRate } villages { code name }
  closed { knownAt how closedBy nowTotal { visitRate contactRate } nowVillages { code name }
    corrections { elderId elderName villageCode kindLabel what by why reported now } } } }`;

async function coverageOf(request: Parameters<typeof gql>[0], token: string, month: string, area: string): Promise<ClosedCoverage> {
  return (await gql<{ coverage: ClosedCoverage }>(request, token, COVERAGE, { m: month, a: area })).coverage;
}

/** Area codes (6, 9 or 12 digits) and ids must never reach a person. */
async function expectNoRawCodes(region: Locator, what: string) {
  const text = (await region.innerText()).replace(/\d{4}-\d{2}-\d{2}/g, '');
  expect(text, `${what} shows an area code`).not.toMatch(/\d{6,}/);
  expect(text, `${what} shows an id`).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/i);
}

/** Chooses a month in the district's 报表. */
async function openReport(page: Page, month: string) {
  await page.getByRole('navigation', { name: '区民政局导航' }).getByRole('link', { name: '报表', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '报表' })).toBeVisible();
  await page.getByLabel('月份').fill(month);
}

test('a closed month shows its figures as reported, and that nothing changed since', async ({ page, request }) => {
  test.setTimeout(120_000);
  const admin = await tokenOf(request, 'district.admin');
  const district = await districtOf(request, admin);
  const { month: thisMonth } = beijingToday();
  // Two months back is past its reporting deadline (the 5th of the next month) whatever today
  // is: the first read closes it as known at the deadline.
  const month = monthsBefore(thisMonth, 2);
  const deadlineDay = `${monthsBefore(thisMonth, 1)}-05`;
  const coverage = await coverageOf(request, admin, month, district.code);
  expect(coverage.closed, `${month} is closed`).not.toBeNull();
  const closed = coverage.closed!;

  await signIn(page, 'district.admin');
  await expect(page).toHaveURL(/\/d$/);
  await openReport(page, month);
  await expect(page.getByTestId('reported-as')).toHaveText(`已报送（截至 ${deadlineDay} 24:00）`);
  await expect(page.getByTestId('month-closed')).toContainText('报送截止自动关账 · 系统');
  await expect(page.getByTestId('district-rates')).toHaveText(
    `月探访率 ${percent(coverage.total.visitRate)}\u3000探访覆盖率 ${percent(coverage.total.contactRate)}`,
  );
  await expect(page.getByTestId('month-open')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '立即关账' })).toHaveCount(0);

  // The demo enters each file on the day its elder came into service and records no visits:
  // nothing was recorded after the deadline, so the month stands as reported. (The list of
  // corrections is exercised on a server of its own below.)
  expect(closed.corrections, 'the demo month has no corrections').toEqual([]);
  await expect(page.getByTestId('no-corrections')).toHaveText('无更正');
  await expect(page.getByTestId('district-rates-now')).toHaveCount(0);
  await expectNoRawCodes(page.locator('main'), 'the closed month');
  await page.screenshot({ path: 'test-results/screens/district-closed-month.png', fullPage: true });
  await expectNoSideScroll(page);

  // This month is open: computed live, nothing to close yet.
  await page.getByLabel('月份').fill(thisMonth);
  await expect(page.getByTestId('month-open')).toHaveText('本月未关账，数据实时计算');
  await expect(page.getByTestId('month-closed')).toHaveCount(0);
  await expect(page.getByTestId('corrections')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '立即关账' })).toHaveCount(0);

  // The town organizer's 概览 of the same month: the town's figures, its corrections.
  const organizer = await tokenOf(request, 'town.organizer');
  const { me } = await gql<{ me: { areaCode: string } }>(request, organizer, '{ me { areaCode } }');
  const town = await coverageOf(request, organizer, month, me.areaCode);
  const townNames = new Map([...town.villages, ...town.closed!.nowVillages].map((v) => [v.code, v.name]));
  await signIn(page, 'town.organizer');
  await expect(page).toHaveURL(/\/o$/);
  await page.getByLabel('月份').fill(month);
  const card = page.locator('section[aria-labelledby="rate-title"]');
  await expect(card.getByTestId('reported-as')).toHaveText(`已报送（截至 ${deadlineDay} 24:00）`);
  await expect(card.getByTestId('rate-summary')).toHaveText(
    `月探访率 ${percent(town.total.visitRate)}\u3000探访覆盖率 ${percent(town.total.contactRate)}`,
  );
  const townFirst = town.closed!.corrections[0];
  if (!townFirst) {
    await expect(card.getByTestId('no-corrections')).toHaveText('无更正');
  } else {
    await expect(card.getByTestId('rate-summary-now')).toHaveText(
      `月探访率 ${percent(town.closed!.nowTotal.visitRate)}\u3000探访覆盖率 ${percent(town.closed!.nowTotal.contactRate)}`,
    );
    await expect(card.getByRole('heading', { name: `更正（${town.closed!.corrections.length}）` })).toBeVisible();
    const townGroup = card.locator(`[data-testid="correction"][data-elder="${townFirst.elderId}"]`);
    await expect(townGroup.getByTestId('correction-village')).toHaveText(townNames.get(townFirst.villageCode)!);
    // The elder's name leads to their file.
    await expect(townGroup.getByRole('link', { name: townFirst.elderName })).toHaveAttribute('href', `/o/elders/${townFirst.elderId}`);
  }
  await expectNoRawCodes(card, "the organizer's closed month");
});

/**
 * On a server of its own, early in a month (the 3rd): last month has ended and is still open
 * until the 5th, so the district admin can close it at once.
 */
const EARLY_IN_MONTH = '2026-11-03T10:00:00+08:00';

test('a district admin closes an ended month at once, and a change recorded later shows as a correction', async ({ browser }) => {
  test.setTimeout(120_000);
  const server = await startServer(WEB_DIR, EARLY_IN_MONTH);
  const serverNow = () => new Date(Date.parse(EARLY_IN_MONTH) + (Date.now() - server.clockStartedMs));
  const api = await playwrightRequest.newContext({ baseURL: server.url });
  const context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  try {
    // The browser reads today from the server's clock, not the wall clock.
    await context.clock.install({ time: serverNow() });
    const month = '2026-10';
    const admin = await tokenOf(api, 'district.admin');
    const district = await districtOf(api, admin);
    const page = await context.newPage();
    await signIn(page, 'district.admin');
    await expect(page).toHaveURL(/\/d$/);
    await openReport(page, month);
    await expect(page.getByTestId('month-open')).toHaveText('本月未关账，数据实时计算');

    // A second admin's tab on the same month, about to close it too.
    const other = await context.newPage();
    await other.goto('/d/reports');
    await other.getByLabel('月份').fill(month);
    await other.getByRole('button', { name: '立即关账' }).click();
    await expect(other.getByRole('group', { name: '确认关账' })).toBeVisible();

    // Closing asks first; cancelling changes nothing.
    await page.getByRole('button', { name: '立即关账' }).click();
    const confirm = page.getByRole('group', { name: '确认关账' });
    await expect(confirm).toContainText(`${month} 的数字按此刻已知的数据报送`);
    await confirm.getByRole('button', { name: '取消' }).click();
    await expect(confirm).toHaveCount(0);
    expect((await coverageOf(api, admin, month, district.code)).closed, 'cancelled: still open').toBeNull();
    await page.getByRole('button', { name: '立即关账' }).click();
    await confirm.getByRole('button', { name: '确认关账' }).click();

    await expect(page.getByRole('status')).toContainText(`${month} 已关账，数据截至 2026-11-03`);
    const closedNow = await coverageOf(api, admin, month, district.code);
    expect(closedNow.closed).not.toBeNull();
    expect(closedNow.closed!.how).toBe('区级管理员关账');
    await expect(page.getByTestId('reported-as')).toHaveText(`已报送（截至 ${beijingMinute(closedNow.closed!.knownAt)}）`);
    await expect(page.getByTestId('month-closed')).toContainText('区级管理员关账');
    await expect(page.getByTestId('no-corrections')).toHaveText('无更正');
    await expect(page.getByRole('button', { name: '立即关账' })).toHaveCount(0);
    await expect(page.getByTestId('district-rates')).toHaveText(
      `月探访率 ${percent(closedNow.total.visitRate)}\u3000探访覆盖率 ${percent(closedNow.total.contactRate)}`,
    );

    // The other tab: refused, the reason next to the month, then the month as it now is.
    await other.getByRole('button', { name: '确认关账' }).click();
    await expect(other.locator('[data-field-error="month"]')).toContainText(`${month} 已关账`);
    await expect(other.getByTestId('reported-as')).toBeVisible();

    // Later, the town organizer records that an elder moved out on 20 October.
    const organizer = await tokenOf(api, 'town.organizer');
    const { me } = await gql<{ me: { areaCode: string } }>(api, organizer, '{ me { areaCode } }');
    const { elders } = await gql<{
      elders: { edges: { node: { id: string; name: string; version: number; serviceStatusSince: string; village: { name: string } | null } }[] };
    }>(
      api,
      organizer,
      'query($t: String!) { elders(first: 100, filter: { townCode: $t, serviceStatus: IN_SERVICE }) { edges { node { id name version serviceStatusSince village { name } } } } }',
      { t: me.areaCode },
    );
    // In service all of October: counted in the month as reported.
    const elder = elders.edges.map((e) => e.node).find((e) => e.serviceStatusSince <= `${month}-01`);
    expect(elder, 'an elder in service all October').toBeTruthy();
    const why = '10月20日随子女迁往外地，家属今日告知，补录';
    await gql(
      api,
      organizer,
      'mutation($id: String!, $v: Int!, $note: String) { changeElderStatus(id: $id, version: $v, status: MOVED_OUT, effectiveOn: "2026-10-20", note: $note) { id } }',
      { id: elder!.id, v: elder!.version, note: why },
    );

    const corrected = await coverageOf(api, admin, month, district.code);
    const mine = corrected.closed!.corrections.filter((c) => c.elderId === elder!.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.reported).not.toBe(mine[0]!.now);
    // The reported figures did not move.
    expect(corrected.total).toEqual(closedNow.total);

    await page.reload();
    await page.getByLabel('月份').fill(month);
    await expect(page.getByTestId('reported-as')).toHaveText(`已报送（截至 ${beijingMinute(closedNow.closed!.knownAt)}）`);
    await expect(page.getByTestId('district-rates')).toHaveText(
      `月探访率 ${percent(closedNow.total.visitRate)}\u3000探访覆盖率 ${percent(closedNow.total.contactRate)}`,
    );
    await expect(page.getByTestId('district-rates-now')).toHaveText(
      `月探访率 ${percent(corrected.closed!.nowTotal.visitRate)}\u3000探访覆盖率 ${percent(corrected.closed!.nowTotal.contactRate)}`,
    );
    const list = page.getByTestId('corrections');
    await expect(list.getByRole('heading', { name: `更正（${corrected.closed!.corrections.length}）` })).toBeVisible();
    const group = list.locator(`[data-testid="correction"][data-elder="${elder!.id}"]`);
    await expect(group.getByTestId('correction-elder')).toHaveText(elder!.name);
    await expect(group.getByTestId('correction-village')).toHaveText(elder!.village!.name);
    await expect(group.getByTestId('correction-result')).toHaveText(`${mine[0]!.reported} → ${mine[0]!.now}`);
    const item = group.getByTestId('correction-item');
    await expect(item.getByTestId('correction-kind')).toHaveText('截止后录入的服务状态变更');
    await expect(item.getByTestId('correction-what')).toHaveText('服务状态改为已迁出（自 2026-10-20 起）');
    await expect(item.getByTestId('correction-why')).toHaveText(why);
    await expect(item.getByTestId('correction-by')).toHaveText(mine[0]!.by);
    await expect(item.getByTestId('correction-at')).toHaveText(/^2026-11-03 \d{2}:\d{2}$/);
    await expectNoRawCodes(page.locator('main'), 'the corrected month');
    await page.screenshot({ path: 'test-results/screens/district-closed-corrected.png', fullPage: true });
  } finally {
    await context.close();
    await api.dispose();
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(server.dir, { recursive: true, force: true });
  }
});
