/**
 * On a phone (360 px): a younger senior signs up from the sign-in page (names of the district,
 * town and village to choose from, no codes) and waits in the pending state; once approved,
 * a volunteer of their village gives them time-bank minutes (found by username and real name, never an
 * id), and the senior, over 60, spends some on care and donates one minute to the pool.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from './support/test';
import { expectNoSideScroll, gql, PASSWORD, signIn, tokenOf } from './support/api';
import { idNumber, submittedRecordThatMeetsTheMonth } from './support/organizer';

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

const SCREENS = 'test-results/screens';

/** A Chinese name no earlier run has used. */
function freshName(): string {
  const chars = '春夏秋冬梅兰竹菊松柏山川云雨风雪';
  let name = '银龄';
  for (let i = 0; i < 4; i++) name += chars[Math.floor(Math.random() * chars.length)];
  return name;
}

interface Account {
  book: string;
  balanceMinutes: number;
}

async function timeBankMinutes(request: Parameters<typeof gql>[0], token: string): Promise<number> {
  const { myLedgerAccounts } = await gql<{ myLedgerAccounts: Account[] }>(request, token, '{ myLedgerAccounts { book balanceMinutes } }');
  return myLedgerAccounts.find((a) => a.book === 'TIME_BANK')?.balanceMinutes ?? 0;
}

test('a senior signs up, is given minutes by a volunteer, and redeems and donates them', async ({ page, request }) => {
  test.setTimeout(120_000);
  const organizer = await tokenOf(request, 'town.organizer');
  const staff = await tokenOf(request, 'village.staff');
  const { me: village } = await gql<{ me: { areaCode: string } }>(request, staff, '{ me { areaCode } }');
  const { area } = await gql<{ area: { name: string; parent: { name: string; parent: { name: string } } } }>(
    request,
    staff,
    'query($c: String!) { area(code: $c) { name parent { name parent { name } } } }',
    { c: village.areaCode },
  );
  const realName = freshName();
  const username = `senior.${randomUUID().slice(0, 8)}`;

  // 注册: from the sign-in page, on a phone.
  await page.goto('/login');
  await page.getByRole('link', { name: '还没有账号？注册成为探访志愿者' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '志愿者注册' })).toBeVisible();
  await page.getByLabel('身份', { exact: true }).selectOption({ label: '低龄健康老年人（年满 60 周岁）' });
  await page.getByLabel('真实姓名').fill(realName);
  await page.getByLabel('身份证号').fill(idNumber(village.areaCode.slice(0, 6), 100 + Math.floor(Math.random() * 800)));
  await page.getByLabel('手机号').fill('13700002222');
  // Nothing chosen yet: the village is asked for by name, and nothing is sent.
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expect(page.getByText('请选择常住的村（社区）')).toBeVisible();
  await page.getByLabel('常住地：区（县）').selectOption({ label: area.parent.parent.name });
  await page.getByLabel('镇（街道）').selectOption({ label: area.parent.name });
  await page.getByLabel('村（社区）').selectOption({ label: area.name });
  await expectNoSideScroll(page, 'the sign-up form');
  await page.screenshot({ path: `${SCREENS}/signup.png`, fullPage: true });
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expect(page).toHaveURL(/\/v$/);
  await expect(page.getByTestId('pending-state')).toBeVisible();

  // The town approves them (its screen is pending.spec's); an accepted visit gives a volunteer
  // of the village minutes to give.
  const senior = await tokenOf(request, username);
  const { me } = await gql<{ me: { id: string; status: string } }>(request, senior, '{ me { id status } }');
  expect(me.status).toBe('PENDING');
  await gql(request, organizer, 'mutation($u: String!) { approveVisitor(userId: $u) { id } }', { u: me.id });
  // One of the village's own volunteers (the demo's first look), so that the demo volunteer's
  // month, which other specs claim from, is left alone.
  const giverName = `${village.areaCode}.v1`;
  const visit = await submittedRecordThatMeetsTheMonth(request, giverName);
  const { visitRecord } = await gql<{ visitRecord: { version: number } }>(request, organizer, 'query($id: String!) { visitRecord(id: $id) { version } }', {
    id: visit.recordId,
  });
  await gql(request, organizer, 'mutation($id: String!, $v: Int!) { reviewVisitRecord(id: $id, decision: ACCEPT, comment: "核实无误", version: $v) { status } }', {
    id: visit.recordId,
    v: visitRecord.version,
  });
  const volunteer = await tokenOf(request, giverName);
  const before = await timeBankMinutes(request, volunteer);
  expect(before).toBeGreaterThanOrEqual(10);

  // 赠与: the volunteer finds the senior by username and name; a wrong name is refused by field.
  await signIn(page, giverName);
  await page.getByRole('navigation', { name: '探访人员导航' }).getByRole('link', { name: '时长' }).click();
  const bank = page.locator('.v-account').filter({ hasText: '时间银行' });
  await bank.getByRole('button', { name: '赠与家人' }).click();
  await bank.getByLabel('对方用户名').fill(username);
  await bank.getByLabel('对方真实姓名').fill(`${realName}甲`);
  await bank.getByLabel('与您的关系').selectOption('父母');
  await bank.getByLabel('时长（分钟）').fill('10');
  await bank.getByRole('button', { name: '下一步' }).click();
  await expect(bank.locator('[data-field-error="name"]')).toContainText('姓名与账号不符');
  await bank.getByLabel('对方真实姓名').fill(realName);
  await bank.getByRole('button', { name: '下一步' }).click();
  await expect(bank.getByRole('alertdialog')).toContainText(`将 10 分钟赠与 ${realName}（父母）`);
  await page.screenshot({ path: `${SCREENS}/timebank-gift-confirm.png`, fullPage: true });
  await bank.getByRole('button', { name: '确认' }).click();
  await expect(bank.getByRole('status')).toContainText(`已将 10 分钟赠与 ${realName}`);
  expect(await timeBankMinutes(request, volunteer)).toBe(before - 10);
  // Under 60 (the village's first volunteer is of working age), nothing offers to redeem.
  await expect(bank.getByRole('button', { name: '兑换服务' })).toHaveCount(0);
  await expect(bank).toContainText('年满 60 周岁后可用时长兑换');

  // 兑换 and 捐赠: the senior spends 6 minutes on a haircut and donates 1.
  await signIn(page, username);
  await page.getByRole('navigation', { name: '探访人员导航' }).getByRole('link', { name: '时长' }).click();
  const mine = page.locator('.v-account').filter({ hasText: '时间银行' });
  await expect(mine.locator('.v-balance')).toContainText(/\b10 分钟/);
  await mine.getByRole('button', { name: '兑换服务' }).click();
  await mine.getByLabel('兑换的服务').fill('理发');
  await mine.getByLabel('时长（分钟）').fill('6');
  await mine.getByRole('button', { name: '下一步' }).click();
  await expect(mine.getByRole('alertdialog')).toContainText('用 6 分钟兑换「理发」');
  await mine.getByRole('button', { name: '确认' }).click();
  await expect(mine.getByRole('status')).toContainText('已用 6 分钟兑换「理发」');
  await expect(mine.locator('.v-balance')).toContainText(/\b4 分钟/);
  // More than the balance: refused in words, nothing spent.
  await mine.getByRole('button', { name: '捐赠' }).click();
  await mine.getByLabel('时长（分钟）').fill('5');
  await mine.getByRole('button', { name: '下一步' }).click();
  await mine.getByRole('button', { name: '确认' }).click();
  await expect(mine.getByRole('alert')).toContainText('余额不足');
  await mine.getByRole('button', { name: '返回修改' }).click();
  await mine.getByLabel('时长（分钟）').fill('1');
  await mine.getByRole('button', { name: '下一步' }).click();
  await mine.getByRole('button', { name: '确认' }).click();
  await expect(mine.getByRole('status')).toContainText('已捐赠 1 分钟');
  await expect(mine.locator('.v-balance')).toContainText(/\b3 分钟/);
  expect(await timeBankMinutes(request, senior)).toBe(3);
  await mine.getByRole('button', { name: '查看流水' }).click();
  const statement = mine.getByRole('list', { name: '流水' });
  await expect(statement).toContainText('赠与家人');
  await expect(statement).toContainText('兑换服务');
  await expect(statement).toContainText('捐赠');
  await expectNoSideScroll(page, 'the time bank');
  await page.screenshot({ path: `${SCREENS}/timebank-senior.png`, fullPage: true });
});
