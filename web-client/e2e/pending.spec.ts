/**
 * 待审核 on a phone (360 px): a visitor who signed up and is not approved yet sees who approves
 * and what they may do meanwhile — not 无权执行此操作 — and, once the town organizer approves
 * them, the slots.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from './support/test';
import { expectNoSideScroll, gql, PASSWORD, signIn, tokenOf } from './support/api';
import { idNumber } from './support/organizer';

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

test('a pending volunteer sees the pending state, then the slots once approved', async ({ page, request }) => {
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
        realName: '待审志愿者',
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

  const organizer = await tokenOf(request, 'town.organizer');
  await gql(request, organizer, 'mutation($id: String!) { approveVisitor(userId: $id) { status } }', { id: registerVisitor.id });
  await page.getByRole('button', { name: '刷新审核状态' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '时段' })).toBeVisible();
  await expect(page.getByText('无权执行此操作')).toHaveCount(0);
});
