import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { expectNoSideScroll, gql, signIn, tokenOf } from './support/api';

const SCREENS = 'test-results/screens';
/** The demo volunteer's mail address (api/src/demo), shown masked. */
const DEMO_EMAIL = 'volunteer@tanfang-demo.example';

/** Opens 通知设置 the way a person does: their name in the header, then the menu's entry. */
async function openSettings(page: Page, home: string) {
  await expect(page).toHaveURL(new RegExp(`${home}$`));
  await page.getByTestId('account-menu').click();
  await page.screenshot({ path: `${SCREENS}/account-menu${home.replace('/', '-')}.png` });
  await page.getByRole('link', { name: '通知设置' }).click();
  await expect(page).toHaveURL(new RegExp(`${home}/settings$`));
  await expect(page.getByRole('heading', { level: 1, name: '通知设置' })).toBeVisible();
}

/** The page shows names, never the kinds' or channels' codes (`VISIT_REMINDER`, `EMAIL`, …). */
async function expectNoCodes(page: Page, lang: 'zh' | 'en' = 'zh') {
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/[A-Z]{2,}_[A-Z]{2,}/);
  if (lang === 'zh') expect(text).not.toMatch(/\b(SMS|EMAIL|MAIL)\b/);
}

test.describe('a volunteer on a phone', () => {
  test.afterEach(async ({ request }) => {
    // Leave the shared demo account as the demo made it: reminders on, its demo address, Chinese.
    const token = await tokenOf(request, 'volunteer');
    await gql(request, token, 'mutation { setNotificationOptOut(kind: VISIT_REMINDER, off: false) { kind } }');
    await gql(request, token, `mutation { updateMyContact(email: "${DEMO_EMAIL}", locale: "zh") { id } }`);
  });

  test('switches 探访提醒 off, and it stays off after a reload; alarms are not offered', async ({ page, context }) => {
    await signIn(page, 'volunteer');
    await openSettings(page, '/v');
    const reminder = page.getByRole('switch', { name: '探访提醒' });
    await expect(reminder).toBeChecked();
    await expect(page.getByRole('switch', { name: '认领成功' })).toBeEnabled();
    // A volunteer's role does not receive risk alarms: nothing to switch.
    await expect(page.getByRole('switch', { name: '风险告警' })).toHaveCount(0);
    await expect(page.getByTestId('settings-kind').filter({ hasText: '探访提醒' })).toContainText('接收方式：短信、邮件、站内通知');
    await expectNoCodes(page);

    // When the change cannot be saved, the page says so in words and the switch stays on.
    await context.route('**/graphql', (route) =>
      route.request().postData()?.includes('setNotificationOptOut') ? route.abort('internetdisconnected') : route.fallback(),
    );
    await reminder.click();
    await expect(page.getByRole('alert')).toContainText('网络连接失败');
    await expect(reminder).toBeChecked();
    await context.unroute('**/graphql');

    await reminder.click();
    await expect(page.getByTestId('settings-kinds-status')).toHaveText('已关闭“探访提醒”');
    await expect(reminder).not.toBeChecked();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expectNoSideScroll(page);
    await page.screenshot({ path: `${SCREENS}/settings-volunteer.png`, fullPage: true });

    await page.reload();
    await expect(page.getByRole('switch', { name: '探访提醒' })).not.toBeChecked();
    await expect(page.getByRole('switch', { name: '空缺时段' })).toBeChecked();

    // And back on.
    await page.getByRole('switch', { name: '探访提醒' }).click();
    await expect(page.getByTestId('settings-kinds-status')).toHaveText('已开启“探访提醒”');
    await expect(page.getByRole('switch', { name: '探访提醒' })).toBeChecked();
  });

  test('a malformed mail address is refused at its field; a good one is shown masked', async ({ page }) => {
    await signIn(page, 'volunteer');
    await openSettings(page, '/v');
    await expect(page.getByTestId('settings-email')).toHaveText('v***@tanfang-demo.example');

    const field = page.getByLabel('更换邮箱');
    await field.fill('li.ming@');
    await page.getByRole('button', { name: '保存' }).click();
    await expect(page.locator('[data-field-error="email"]')).toHaveText('邮箱地址格式不正确');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('settings-email')).toHaveText('v***@tanfang-demo.example');

    await field.fill('li.ming@example.com');
    await page.getByLabel('通知语言').selectOption({ label: 'English' });
    await page.getByRole('button', { name: '保存' }).click();
    await expect(page.getByTestId('settings-contact-status')).toHaveText('已保存');
    await expect(page.getByTestId('settings-email')).toHaveText('l***@example.com');
    await expect(page.locator('[data-field-error="email"]')).toHaveCount(0);
    await expectNoSideScroll(page);

    await page.reload();
    await expect(page.getByTestId('settings-email')).toHaveText('l***@example.com');
    await expect(page.getByLabel('通知语言')).toHaveValue('en');
    expect(await page.locator('main').innerText()).not.toContain('li.ming@');

    await page.getByRole('button', { name: '删除邮箱' }).click();
    await expect(page.getByTestId('settings-contact-status')).toHaveText('邮箱已删除，邮件通知不再发送');
    await expect(page.getByTestId('settings-email')).toHaveText('未填写');
    // Without an address, mail is no longer named as a way a kind comes.
    const claim = page.getByTestId('settings-kind').filter({ hasText: '认领成功' });
    await expect(claim).toContainText('接收方式：站内通知 填写邮箱后，也会通过邮件发送。');
    await expect(page.getByLabel('新邮箱地址')).toBeVisible();
  });

  test('the page reads in English after the switch', async ({ page }) => {
    await signIn(page, 'volunteer');
    await openSettings(page, '/v');
    await page.getByTestId('lang-switch').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Notification settings' })).toBeVisible();
    await expect(page.getByRole('switch', { name: 'Visit reminder' })).toBeChecked();
    await expectNoCodes(page, 'en');
  });
});

test.describe('an organizer at a desk', () => {
  test.use({ viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

  test('sees alarms locked on with the reason, and may switch the digest', async ({ page }) => {
    await signIn(page, 'town.organizer');
    await openSettings(page, '/o');
    const alarm = page.getByRole('switch', { name: '风险告警' });
    await expect(alarm).toBeChecked();
    await expect(alarm).toBeDisabled();
    const alarmRow = page.getByTestId('settings-kind').filter({ hasText: '风险告警' });
    await expect(alarmRow).toContainText('不可关闭');
    await expect(alarmRow).toContainText('告警关系到老人的安全');
    await expect(page.getByRole('switch', { name: '失联告警' })).toBeDisabled();
    await expect(page.getByRole('switch', { name: '逾期周报' })).toBeEnabled();
    await expect(page.getByRole('switch', { name: '探访提醒' })).toHaveCount(0);
    await expectNoCodes(page);
    // The side navigation stays: the page sits in the organizer's desk.
    await expect(page.getByRole('navigation', { name: '组织者导航' })).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/settings-organizer.png`, fullPage: true });
  });
});
