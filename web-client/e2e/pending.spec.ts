/**
 * 待审核 on a phone (360 px): a visitor who signed up and is not approved yet sees who approves
 * and what they may do meanwhile — not 无权执行此操作. The town organizer, at a desk (1366 px),
 * finds them by name on 志愿者 and approves them; the volunteer then sees the slots. The
 * organizer then suspends them with a reason.
 */
import { randomUUID } from 'node:crypto';
import { expect, installClock, test } from './support/test';
import { expectNoSideScroll, gql, PASSWORD, signIn, tokenOf } from './support/api';
import { idNumber } from './support/organizer';

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

/** A Chinese name no earlier run has used (names hold no digits). */
function freshName(): string {
  const chars = '春夏秋冬梅兰竹菊松柏山川云雨风雪';
  let name = '待审';
  for (let i = 0; i < 4; i++) name += chars[Math.floor(Math.random() * chars.length)];
  return name;
}

test('a pending volunteer sees the pending state; the organizer approves them on 志愿者 and they see the slots', async ({ page, request, browser }) => {
  const realName = freshName();
  const staff = await tokenOf(request, 'village.staff');
  const { me: village } = await gql<{ me: { areaCode: string } }>(request, staff, '{ me { areaCode } }');
  const username = `pending.${randomUUID().slice(0, 8)}`;
  const { registerVisitor } = await gql<{ registerVisitor: { id: string; status: string } }>(
    request,
    null,
    'mutation($i: VisitorRegistrationInput!) { registerVisitor(input: $i) { id status } }',
    {
      i: {
        username,
        password: PASSWORD,
        realName,
        idNumber: idNumber(village.areaCode.slice(0, 6), 100 + Math.floor(Math.random() * 800)),
        phone: '13700001111',
        homeVillageCode: village.areaCode,
        kind: 'VOLUNTEER',
      },
    },
  );
  expect(registerVisitor.status).toBe('PENDING');

  await signIn(page, username);
  await expect(page).toHaveURL(/\/v$/);
  const pending = page.getByTestId('pending-state');
  await expect(page.getByRole('heading', { level: 1, name: '待审核' })).toBeVisible();
  await expect(pending).toContainText('镇(街道)的组织者');
  await expect(pending.getByRole('link', { name: /设置通知方式/ })).toBeVisible();
  await expect(page.getByText('无权执行此操作')).toHaveCount(0);
  await expectNoSideScroll(page);
  await page.screenshot({ path: 'test-results/screens/volunteer-pending.png', fullPage: true });

  // The organizer at a desk: 志愿者, the pending list, the person by name.
  const desk = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await installClock(desk);
  const office = await desk.newPage();
  await signIn(office, 'town.organizer');
  await expect(office).toHaveURL(/\/o$/);
  await office.getByRole('navigation', { name: '组织者导航' }).getByRole('link', { name: '志愿者' }).click();
  await expect(office.getByRole('heading', { level: 1, name: '志愿者' })).toBeVisible();
  const row = office.getByTestId('visitor-row').filter({ hasText: realName });
  await expect(row).toContainText('待审核');
  await expect(row).toContainText('志愿者');
  await row.getByRole('button', { name: '查看档案' }).click();
  await expect(row).toContainText('尚未填写探访档案');
  await row.getByRole('button', { name: '审核通过' }).click();
  await expect(office.getByRole('status').filter({ hasText: `已通过 ${realName} 的注册` })).toBeVisible();
  await expect(office.getByTestId('visitor-row').filter({ hasText: realName })).toHaveCount(0);
  const officeText = await office.locator('main').innerText();
  expect(officeText).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|\b\d{12}\b|\b[A-Z]{2,}_[A-Z]{2,}\b/);
  await office.screenshot({ path: 'test-results/screens/organizer-volunteers.png', fullPage: true });

  await page.getByRole('button', { name: '刷新审核状态' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '时段' })).toBeVisible();
  await expect(page.getByText('无权执行此操作')).toHaveCount(0);

  // 暂停 needs a reason; then the person is listed as 已暂停.
  await office.getByRole('button', { name: /^已通过/ }).click();
  const approved = office.getByTestId('visitor-row').filter({ hasText: realName });
  await approved.getByRole('button', { name: '暂停' }).click();
  await approved.getByRole('button', { name: '确认暂停' }).click();
  await expect(approved).toContainText('请填写原因');
  await approved.getByLabel('原因').fill('本人申请暂停服务');
  await approved.getByRole('button', { name: '确认暂停' }).click();
  await expect(office.getByRole('status').filter({ hasText: `已暂停 ${realName}` })).toBeVisible();
  await office.getByRole('button', { name: /^已暂停/ }).click();
  await expect(office.getByTestId('visitor-row').filter({ hasText: realName })).toContainText('已暂停');
  await desk.close();
});
