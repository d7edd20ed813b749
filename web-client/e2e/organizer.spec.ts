import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { expectNoSideScroll, gql, signIn, tokenOf } from './support/api';
import { coverageRate, dayBefore, elderWithFactHistory, submittedRecordThatMeetsTheMonth } from './support/organizer';

// Organizers work at a desk: a desk-sized window (the narrow check below resizes it).
test.use({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

const SCREENS = 'test-results/screens';

async function signInAsOrganizer(page: Page) {
  await signIn(page, 'town.organizer');
  await expect(page).toHaveURL(/\/o$/);
}

/** The monthly visit rate of one village as the 概览 table shows it, e.g. `1.7%`. */
async function rateOnPage(page: Page, villageCode: string): Promise<string> {
  const cell = page.locator(`[data-testid="rate-table"] tbody tr[data-village="${villageCode}"] [data-testid="visit-rate"]`);
  await expect(cell).toHaveText(/%$/);
  return (await cell.textContent())!.trim();
}

/** The contact rate (探访覆盖率) of one village as the 概览 table shows it. */
async function contactRateOnPage(page: Page, villageCode: string): Promise<string> {
  const cell = page.locator(`[data-testid="rate-table"] tbody tr[data-village="${villageCode}"] [data-testid="contact-rate"]`);
  await expect(cell).toHaveText(/%$/);
  return (await cell.textContent())!.trim();
}

/** The 概览 table's column headers: each rate is named. */
async function expectBothRatesNamed(page: Page, visitRate: string, contactRate: string) {
  const headers = page.locator('[data-testid="rate-table"] thead th');
  await expect(headers.filter({ hasText: new RegExp(`^${visitRate}$`) })).toHaveCount(1);
  await expect(headers.filter({ hasText: new RegExp(`^${contactRate}$`) })).toHaveCount(1);
}

function percent(text: string): number {
  return Number(text.replace('%', ''));
}

function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

test('an organizer accepts a submitted record and sees the village rate go up', async ({ page, request }) => {
  test.setTimeout(120_000);
  const setup = await submittedRecordThatMeetsTheMonth(request);
  const before = await coverageRate(request, setup.month, setup.villageCode);

  await signInAsOrganizer(page);
  const nav = page.getByRole('navigation', { name: '组织者导航' });

  // 概览: the chart and the table of the month's rates.
  await expect(page.getByRole('heading', { level: 1, name: '概览' })).toBeVisible();
  await expect(page.getByRole('img', { name: new RegExp(`${setup.month} 各村/社区月探访率与探访覆盖率柱状图`) })).toBeVisible();
  await expectBothRatesNamed(page, '月探访率', '探访覆盖率');
  const oldRate = await rateOnPage(page, setup.villageCode);
  expect(oldRate).toBe(formatRate(before.rate));
  expect(await contactRateOnPage(page, setup.villageCode)).toBe(formatRate(before.contactRate));
  await expect(page.getByRole('heading', { name: '逾期名单' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '无人可覆盖的探访要求' })).toBeVisible();
  await page.waitForTimeout(600); // let the bars' animation finish before the screenshot
  await page.screenshot({ path: `${SCREENS}/organizer-overview.png`, fullPage: true });

  // 审核: the queue holds the record; open it.
  await nav.getByRole('link', { name: '审核' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '审核' })).toBeVisible();
  const link = page.locator(`a[href="/o/review/${setup.recordId}"]`);
  await expect(link).toContainText(setup.elderName);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/o/review/${setup.recordId}$`));
  await expect(page.getByTestId('record-status')).toHaveText('待审核');

  // The photo is fetched with the token and shown from a blob URL.
  const photo = page.getByTestId('record-photo').first();
  await expect(photo).toBeVisible();
  await expect(photo).toHaveAttribute('src', /^blob:/);
  expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  // So is the elder's signature (linked to the record, readable by its reviewer).
  const signature = page.getByTestId('record-signature');
  await expect(signature).toBeVisible();
  await expect(signature).toHaveAttribute('src', /^blob:/);
  await expect.poll(() => signature.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByText('签名图片无法')).toHaveCount(0);
  // The record's risk (unsafe electricity) opened a case, listed on the record.
  await expect(page.getByRole('heading', { name: '本记录开启的风险个案' })).toBeVisible();

  // The printable form (渝北附件3) needs the token too: it opens from a blob URL.
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('print-form').click()]);
  await expect(popup).toHaveURL(/^blob:/);
  await expect(popup.locator('body')).toContainText(setup.elderName);
  await popup.close();

  // Sending back needs a comment: the API's error appears under the comment field.
  await page.getByRole('radio', { name: '退回修改' }).check();
  await page.getByTestId('submit-review').click();
  await expect(page.locator('[data-field-error="comment"]')).toBeVisible();
  await expect(page.getByLabel('审核意见')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: `${SCREENS}/organizer-review.png`, fullPage: true });

  // Accept it.
  await page.getByRole('radio', { name: '通过', exact: true }).check();
  await page.getByLabel('审核意见').fill('记录完整，照片与签名齐全');
  await page.getByTestId('submit-review').click();
  await expect(page).toHaveURL(/\/o\/review$/);
  await expect(page.getByRole('status').filter({ hasText: '审核已提交：已通过' })).toBeVisible();
  await expect(page.locator(`a[href="/o/review/${setup.recordId}"]`)).toHaveCount(0);

  // Back on 概览 the village's rate went up, and it is the API's figure.
  await nav.getByRole('link', { name: '概览' }).click();
  const newRate = await rateOnPage(page, setup.villageCode);
  expect(percent(newRate)).toBeGreaterThan(percent(oldRate));
  const after = await coverageRate(request, setup.month, setup.villageCode);
  expect(after.met).toBe(before.met + 1);
  expect(newRate).toBe(formatRate(after.rate));
  // The elder now has an accepted visit this month: contacted, if not already.
  expect(after.contacted).toBeGreaterThanOrEqual(before.contacted);
  expect(after.contacted).toBeGreaterThanOrEqual(after.met);
  expect(await contactRateOnPage(page, setup.villageCode)).toBe(formatRate(after.contactRate));
  console.log(`${setup.villageName} ${setup.month}: ${oldRate} → ${newRate} (${before.met}/${before.elders} → ${after.met}/${after.elders})`);

  // 风险: the case the record opened is on the board; closing it without a follow-up visit
  // is refused, and the reason is shown next to the note.
  await nav.getByRole('link', { name: '风险' }).click();
  await expect(page.getByTestId('risk-board')).toBeVisible();
  await expect(page.getByTestId('risk-board')).toContainText(setup.elderName);
  await page.screenshot({ path: `${SCREENS}/organizer-risks.png`, fullPage: true });
  await page.getByTestId('risk-board').getByRole('link').filter({ hasText: setup.elderName }).first().click();
  await expect(page.getByTestId('case-status')).toHaveText('处置中');
  // Hand the case to the village's staff.
  const owner = page.locator('dt:text-is("负责人") + dd');
  await expect(owner).not.toHaveText('村委会工作人员');
  await page.getByLabel('负责人', { exact: true }).selectOption({ label: '村委会工作人员（村(居)工作人员）' });
  await page.getByRole('button', { name: '指定', exact: true }).click();
  await expect(owner).toHaveText('村委会工作人员');
  // Refer it to elderly-care services.
  await page.getByLabel('转介去向').selectOption({ label: '养老服务' });
  await page.getByLabel('转介说明').fill('申请适老化改造：更换老化线路');
  await page.getByRole('button', { name: '转介', exact: true }).click();
  await expect(page.getByRole('region', { name: '转介', exact: true })).toContainText('申请适老化改造：更换老化线路');
  await page.getByLabel('结案说明').fill('已更换插线板');
  await page.getByRole('button', { name: '结案', exact: true }).click();
  await expect(page.locator('[data-field-error="note"]')).toContainText('跟踪回访');
  await expect(page.getByTestId('case-status')).toHaveText('处置中');
  await page.screenshot({ path: `${SCREENS}/organizer-risk-case.png`, fullPage: true });
});

test('an organizer reads an elder file masked, then unmasks it with a reason that is logged', async ({ page }) => {
  await signInAsOrganizer(page);
  await page.getByRole('navigation', { name: '组织者导航' }).getByRole('link', { name: '老人档案' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '老人档案' })).toBeVisible();
  await expect(page.getByTestId('elders-total')).toHaveText(/共 \d+ 位老人/);
  const firstRow = page.locator('.org-table tbody tr').first();
  await expect(firstRow.locator('td.mono').first()).toContainText('*');
  await page.screenshot({ path: `${SCREENS}/organizer-elders.png`, fullPage: true });

  // Filter by village, then next page.
  await page.getByLabel('村/社区').selectOption({ index: 1 });
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByTestId('elders-total')).toHaveText(/共 \d+ 位老人/);
  await page.getByRole('button', { name: '下一页' }).click();
  await expect(page.getByText(/^2 \/ \d+$/)).toBeVisible();

  await page.locator('.org-table tbody tr th a').first().click();
  await expect(page).toHaveURL(/\/o\/elders\/[0-9a-f-]+$/);
  const masked = (await page.getByTestId('masked-id').textContent())!;
  expect(masked).toContain('*');

  // The reason is required: nothing is sent without one.
  await page.getByRole('button', { name: '查看完整信息' }).click();
  await expect(page.locator('[data-field-error="reason"]')).toHaveText('请填写查看原因');
  // Too short: the API names the field.
  await page.getByLabel('查看原因').fill('核实');
  await page.getByRole('button', { name: '查看完整信息' }).click();
  await expect(page.locator('[data-field-error="reason"]')).toContainText('至少 4 个字');

  const reason = '核实低保资格需要完整身份证号';
  await page.getByLabel('查看原因').fill(reason);
  await page.getByRole('button', { name: '查看完整信息' }).click();
  const full = page.getByTestId('full-id');
  await expect(full).toHaveText(/^\d{17}[\dX]$/);
  expect((await full.textContent())!.slice(0, 6)).toBe(masked.slice(0, 6));
  await expect(page.getByTestId('unmasked')).toContainText(`本次查看已记入审计日志（原因：${reason}）`);
  await expect(page.getByTestId('audit-table')).toContainText(reason);
  await page.screenshot({ path: `${SCREENS}/organizer-elder-unmasked.png`, fullPage: true });
});

test('an organizer generates the month slots and reviews the planner proposal', async ({ page, request }) => {
  test.setTimeout(60_000);
  await signInAsOrganizer(page);
  await page.getByRole('navigation', { name: '组织者导航' }).getByRole('link', { name: '方案' }).click();
  await page.getByRole('button', { name: /^生成 \d{4}-\d{2} 时段$/ }).click();
  await expect(page.getByRole('status').filter({ hasText: /本月需要 \d+ 个时段/ })).toBeVisible();
  await expect(page.getByTestId('proposal-summary')).toHaveText(/建议 \d+ 条分配/);
  const table = page.getByTestId('proposal-table');
  await expect(table.locator('tbody tr').first()).toBeVisible();
  // Unticking a row lowers the count on the accept button.
  const accept = page.getByRole('button', { name: /^采纳选中的 \d+ 条分配$/ });
  const n = Number((await accept.textContent())!.match(/\d+/)![0]);
  await table.locator('tbody tr').first().getByRole('checkbox').uncheck();
  await expect(accept).toHaveText(`采纳选中的 ${n - 1} 条分配`);
  await page.screenshot({ path: `${SCREENS}/organizer-plans.png`, fullPage: false });

  // Accept only one pair, whose slot the volunteer claims in the meantime: the API refuses it
  // (never overwrites a claim) and the page lists it as refused, with the reason.
  await page.getByRole('button', { name: '全不选' }).click();
  await expect(accept).toBeDisabled();
  const row = table.locator('tbody tr').nth(1);
  await row.getByRole('checkbox').check();
  await expect(accept).toHaveText('采纳选中的 1 条分配');
  const slotId = (await row.getAttribute('data-slot'))!;
  const volunteer = await tokenOf(request, 'volunteer');
  await gql(request, volunteer, 'mutation($s: String!) { claimSlot(slotId: $s) { id } }', { s: slotId });
  await accept.click();
  await expect(page.getByTestId('accept-result')).toHaveText('已分配 0 条，1 条被拒绝。');
  await expect(page.locator('.org-refused [data-refusal="taken"]')).toHaveText('原因：该时段已被认领或已关闭');
});

test('the organizer screens do not scroll sideways on a 360 px screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signInAsOrganizer(page);
  for (const path of ['/o', '/o/elders', '/o/plans', '/o/review', '/o/risks']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('.state-loading')).toHaveCount(0, { timeout: 15_000 });
    await expectNoSideScroll(page, path);
  }
  await page.goto('/o');
  await expect(page.locator('[data-testid="rate-table"]')).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/organizer-overview-360.png`, fullPage: true });
});

test('village staff see their own village, in English too', async ({ page, request }) => {
  await signIn(page, 'village.staff');
  await expect(page).toHaveURL(/\/o$/);
  // Their area is one village: the table has that village's row only, with the API's rate.
  const rows = page.locator('[data-testid="rate-table"] tbody tr');
  await expect(rows).toHaveCount(1);
  const code = await rows.first().getAttribute('data-village');
  expect(code).toMatch(/^\d{12}$/);
  const rate = await rateOnPage(page, code!);
  const month = (await page.locator('[data-testid="rate-table"] caption').textContent())!.slice(0, 7);
  const api = await coverageRate(request, month, code!);
  expect(rate).toBe(formatRate(api.rate));
  expect(await contactRateOnPage(page, code!)).toBe(formatRate(api.contactRate));
  // Their whole area is that village: the summary names both of its rates.
  await expect(page.getByTestId('rate-summary')).toHaveText(`月探访率 ${formatRate(api.rate)}\u3000探访覆盖率 ${formatRate(api.contactRate)}`);

  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Visit rate and contact rate by village' })).toBeVisible();
  await expectBothRatesNamed(page, 'Visit rate', 'Contact rate');
  await page.getByRole('navigation', { name: 'Organizer navigation' }).getByRole('link', { name: 'Elders' }).click();
  await expect(page.getByTestId('elders-total')).toHaveText(/^\d+ elders$/);
  await page.screenshot({ path: `${SCREENS}/organizer-elders-en.png`, fullPage: false });
  await page.getByTestId('lang-switch').click();
});

test("an organizer reads an elder's fact timeline: spans with their tiers, a back-dated change with its reason, a planned one", async ({
  page,
  request,
}) => {
  const history = await elderWithFactHistory(request);
  await signInAsOrganizer(page);
  await page.goto(`/o/elders/${history.elderId}`);
  await expect(page.getByRole('heading', { level: 1, name: history.name })).toBeVisible();
  const card = page.getByRole('region', { name: '事实时间线', exact: true });
  await expect(card).toBeVisible();

  // One entry per span, newest first: the planned one, the back-dated one, the file's first.
  const spans = card.getByTestId('fact-span');
  await expect(spans).toHaveCount(3);
  const [planned, backDated, opened] = [spans.nth(0), spans.nth(1), spans.nth(2)];
  await expect(planned.getByTestId('span-range')).toHaveText(`自 ${history.plannedFrom} 起`);
  await expect(planned).toContainText('计划生效');
  await expect(planned.getByTestId('span-tier')).toHaveText('分类：重点');
  await expect(planned.locator('.org-facts').first()).toHaveText('风险等级：高');

  await expect(backDated.getByTestId('span-range')).toHaveText(`${history.backDatedFrom} 至 ${dayBefore(history.plannedFrom)}`);
  await expect(backDated).not.toContainText('计划生效');
  await expect(backDated.getByTestId('span-tier')).toHaveText('分类：重点');
  await expect(backDated.locator('.org-facts').first()).toHaveText('能力程度：重度失能');

  await expect(opened.getByTestId('span-range')).toHaveText(`${history.opened} 至 ${dayBefore(history.backDatedFrom)}`);
  await expect(opened.getByTestId('span-tier')).toHaveText('分类：一般');
  await expect(opened).toContainText('建档时');
  await expect(opened.locator('.org-facts').first()).toContainText('能力程度：能力完好');
  // Its other facts wait behind 查看全部.
  const urbanRural = opened.getByText('城乡：农村');
  await expect(urbanRural).toBeHidden();
  await opened.getByText(/^查看全部/).click();
  await expect(urbanRural).toBeVisible();

  // The changes as recorded, newest first: the back-dated one is marked 回溯 and gives its
  // reason; the planned one is not 回溯; the one that opened the file is 建档.
  const changes = card.getByTestId('fact-change');
  await expect(changes).toHaveCount(3);
  await expect(changes.nth(0)).toHaveAttribute('data-effective', history.plannedFrom);
  await expect(changes.nth(0).getByTestId('backdated')).toHaveCount(0);
  await expect(changes.nth(0)).toContainText('计划生效');
  const backDatedRow = changes.nth(1);
  await expect(backDatedRow).toHaveAttribute('data-effective', history.backDatedFrom);
  await expect(backDatedRow.getByTestId('backdated')).toHaveText('回溯');
  await expect(backDatedRow.getByTestId('change-reason')).toHaveText(history.reason);
  await expect(backDatedRow).toContainText('能力程度：重度失能');
  await expect(backDatedRow).toContainText('town.organizer');
  await expect(changes.nth(2)).toContainText('建档');
  await expect(changes.nth(2).getByTestId('backdated')).toHaveCount(0);

  // No field code or account label reaches the page.
  await expect(card).not.toContainText(/ABILITY_LEVEL|RISK_LEVEL|URBAN_RURAL|user:/);
  await page.screenshot({ path: `${SCREENS}/organizer-elder-facts.png`, fullPage: true });

  // Nor does it scroll sideways on a phone.
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(spans).toHaveCount(3);
  await expectNoSideScroll(page, 'the elder page');
  await card.screenshot({ path: `${SCREENS}/organizer-elder-facts-360.png` });
});
