import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { expectNoSideScroll, gql, signIn, tokenOf } from './support/api';
import { submittedRecordThatMeetsTheMonth } from './support/organizer';

// Offices work at a desk: the common 1366 px laptop screen.
test.use({ viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

const SCREENS = 'test-results/screens';

// The demo district runs yubei-2024, whose document (渝北 三（五）) names the forms: "每年6月和12月
// 将更新后的台账、《渝北区特殊困难老年人信息登记表》（附件2）、《渝北区特殊困难老年人探访关爱服务记录表》
// （附件3）报送至区民政局"; the 台帐 is its 附件1.
const LEDGER = '渝北区特殊困难老年人关爱服务信息台帐';
const REGISTRATION = '渝北区特殊困难老年人信息登记表';
const RECORD = '渝北区特殊困难老年人探访关爱服务记录表';

/** The area's name as the API gives it. */
async function areaName(page: Page, username: string): Promise<{ code: string; name: string }> {
  const token = await tokenOf(page.request, username);
  const { me } = await gql<{ me: { areaCode: string } }>(page.request, token, '{ me { areaCode } }');
  const { area } = await gql<{ area: { code: string; name: string } }>(page.request, token, 'query($c: String!) { area(code: $c) { code name } }', {
    c: me.areaCode,
  });
  return area;
}

/** The 报表导出 page lists yubei's forms by title, in Chinese, with no form code on it. */
async function expectYubeiForms(page: Page) {
  await expect(page.getByRole('heading', { level: 1, name: '报表导出' })).toBeVisible();
  const forms = page.getByTestId('forms-page');
  await expect(page.getByTestId('ledger-card').getByTestId('form-title')).toHaveText(LEDGER);
  await expect(page.getByTestId('registration-card').getByTestId('form-title')).toHaveText(REGISTRATION);
  const handIn = page.getByTestId('hand-in-card');
  await expect(handIn).toContainText('每年6月、12月报送');
  await expect(handIn.getByTestId('form-title')).toHaveText([LEDGER, REGISTRATION, RECORD]);
  // 2026-11-18: December's hand-in (the second half-year) is the next one.
  await expect(handIn.getByLabel('报送批次').locator('option:checked')).toHaveText('2026年12月报送（2026年下半年）');
  await expect(page.getByTestId('forms-source')).toContainText('每年6月和12月');
  await expect(page.getByTestId('no-ledger')).toHaveCount(0);
  // Chinese first, and never a code.
  await expect(forms).not.toContainText(/yubei|YUBEI|half-year/);
  await expectNoSideScroll(page);
}

test('a town organizer downloads the town’s 台帐 under its Chinese name, previews it to print, and in full only with a reason', async ({ page, context }) => {
  const town = await areaName(page, 'town.organizer');
  await signIn(page, 'town.organizer');
  await expect(page).toHaveURL(/\/o$/);
  await page.getByRole('navigation', { name: '组织者导航' }).getByRole('link', { name: '报表导出' }).click();
  await expect(page).toHaveURL(/\/o\/forms$/);
  await expectYubeiForms(page);
  await page.screenshot({ path: `${SCREENS}/forms-organizer.png`, fullPage: true });

  // The 台帐 of the second half of 2026 (the default period), masked.
  let download = page.waitForEvent('download');
  await page.getByTestId('download-ledger').click();
  expect((await download).suggestedFilename()).toBe(`${LEDGER}-${town.name}-2026年下半年.xlsx`);
  await expect(page.getByTestId('download-done')).toContainText(`${LEDGER}-${town.name}-2026年下半年.xlsx`);

  // 打印预览: the same 台帐 as a page in a new tab — the seed's headings, numbers masked.
  const popup = context.waitForEvent('page');
  await page.getByTestId('preview-ledger').click();
  const printed = await popup;
  await expect(printed.getByRole('heading', { level: 1, name: LEDGER })).toBeVisible();
  await expect(printed.locator('body')).toContainText(`统计单位：${town.name}`);
  await expect(printed.locator('body')).toContainText('统计期：2026年下半年');
  await expect(printed.locator('thead th')).toHaveText([
    '序号', '姓名', '性别', '常住地址', '身份证号码', '电话', '亲属情况', '对象类型', '责任主体', '上门探访次数', '解决问题数量',
    '姓名', '亲属关系', '电话', '责任镇街', '责任村（社区）', '责任人', '责任人电话',
  ]);
  const first = printed.locator('tbody tr').first().locator('td');
  await expect(first).toHaveCount(16);
  await expect(first.nth(4)).toContainText('*'); // the ID number masked
  await printed.screenshot({ path: `${SCREENS}/forms-ledger-preview.png`, fullPage: true });
  await printed.close();

  // By month: the period picker changes what is asked for.
  await page.getByRole('radio', { name: '按月' }).check();
  await page.getByLabel('月份').fill('2026-10');
  download = page.waitForEvent('download');
  await page.getByTestId('download-ledger').click();
  expect((await download).suggestedFilename()).toBe(`${LEDGER}-${town.name}-2026年10月.xlsx`);

  // 显示完整证件号 needs a reason: nothing is fetched without one.
  await page.getByRole('checkbox', { name: '显示完整证件号' }).check();
  await page.getByTestId('download-registration').click();
  await expect(page.locator('[data-field-error="reason"]')).toHaveText('请填写查看原因');
  await page.getByLabel('查看原因').fill('半年报送区民政局');
  download = page.waitForEvent('download');
  await page.getByTestId('download-registration').click();
  expect((await download).suggestedFilename()).toBe(`${REGISTRATION}-${town.name}.xlsx`);
  await expect(page.locator('[data-field-error="reason"]')).toHaveCount(0);
});

test('a district admin sees the district’s forms and downloads the half-yearly hand-in', async ({ page }) => {
  test.setTimeout(60_000);
  const district = await areaName(page, 'district.admin');
  await signIn(page, 'district.admin');
  await expect(page).toHaveURL(/\/d$/);
  await page.getByRole('navigation', { name: '区民政局导航' }).getByRole('link', { name: '报表导出' }).click();
  await expect(page).toHaveURL(/\/d\/forms$/);
  await expectYubeiForms(page);
  await page.screenshot({ path: `${SCREENS}/forms-district.png`, fullPage: true });

  const download = page.waitForEvent('download', { timeout: 45_000 });
  await page.getByTestId('download-hand-in').click();
  expect((await download).suggestedFilename()).toBe(`半年报送材料-${district.name}-2026年下半年.zip`);
});

test('the elder page prints the district’s registration form, the record page its record form', async ({ page, context, request }) => {
  test.setTimeout(60_000);
  // A visit record of a demo elder, submitted by the demo volunteer.
  const setup = await submittedRecordThatMeetsTheMonth(request);
  await signIn(page, 'town.organizer');
  await expect(page).toHaveURL(/\/o$/);
  await page.goto(`/o/elders/${setup.elderId}`);
  await expect(page.getByRole('heading', { level: 1, name: setup.elderName })).toBeVisible();

  const popup = context.waitForEvent('page');
  await page.getByRole('button', { name: '打印登记表' }).click();
  const printed = await popup;
  await expect(printed.getByRole('heading', { level: 1, name: REGISTRATION })).toBeVisible();
  await expect(printed.locator('body')).toContainText(setup.elderName);
  await expect(printed.locator('body')).toContainText('****'); // numbers masked
  await printed.close();

  // The record page prints the pack's record form (附件3 for yubei).
  await page.goto(`/o/review/${setup.recordId}`);
  const recordPopup = context.waitForEvent('page');
  await page.getByTestId('print-form').click();
  const recordPage = await recordPopup;
  await expect(recordPage.getByRole('heading', { level: 1, name: RECORD })).toBeVisible();
});
