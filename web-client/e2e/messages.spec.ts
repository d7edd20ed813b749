import { request as playwrightRequest } from '@playwright/test';
import { rmSync } from 'node:fs';
import { WEB_DIR } from './global-setup';
import { startServer } from './server';
import { AliyunStub } from './support/aliyun';
import { expectNoSideScroll, gql, signIn, tokenOf } from './support/api';
import { now } from './support/clock';
import { submittedRecordThatMeetsTheMonth } from './support/organizer';
import { expect, installClock, test } from './support/test';

// Admins work at a desk.
test.use({ viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

interface DeadLetter {
  id: string;
  kind: string;
  channel: string;
  recipientKind: string;
  recipientMasked: string | null;
  attempts: number;
  deadAt: string | null;
}

const DEAD_LETTERS = '{ deadLetters(first: 100) { id kind channel recipientKind recipientMasked attempts deadAt } }';

/** Ids (UUIDs) and area codes (6, 9 or 12 digits) must never reach a person. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const PROVIDER_CODE = /isv\.|SMS_\d|SMS provider|Template/;

test('with nothing failed, a town organizer sees the empty screen', async ({ page }) => {
  await signIn(page, 'town.organizer');
  await expect(page).toHaveURL(/\/o$/);
  const nav = page.getByRole('navigation', { name: '组织者导航' });
  await nav.getByRole('link', { name: '发送失败的通知' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '发送失败的通知' })).toBeVisible();
  await expect(page.getByText('没有发送失败的通知')).toBeVisible();
  await expect(page.getByText('所有通知都已送达或仍在发送中。')).toBeVisible();
  await expectNoSideScroll(page);
});

test('village staff have no dead-letter screen (it is for the admins of an area)', async ({ page }) => {
  await signIn(page, 'village.staff');
  await expect(page).toHaveURL(/\/o$/);
  await expect(page.getByRole('navigation', { name: '组织者导航' }).getByRole('link', { name: '概览' })).toBeVisible();
  await expect(page.getByRole('link', { name: '发送失败的通知' })).toHaveCount(0);
});

/**
 * The SMS provider has not approved the district's template: the risk alarm to the emergency
 * contact is refused and dead-lettered at once. The admin reads why in plain words, the
 * template is approved, and the admin sends it again: it reaches the provider with the same
 * message id and leaves the list.
 */
test('a district admin reads why a risk SMS could not be sent and sends it again once the template is approved', async ({ browser }) => {
  test.setTimeout(150_000);
  const stub = await AliyunStub.start();
  const instant = now().toISOString();
  const server = await startServer(WEB_DIR, instant, stub.serveArgs());
  const api = await playwrightRequest.newContext({ baseURL: server.url });
  const context = await browser.newContext({
    baseURL: server.url,
    locale: 'zh-CN',
    viewport: { width: 1366, height: 900 },
  });
  try {
    await installClock(context);
    const admin = await tokenOf(api, 'district.admin');
    const dead = async () => (await gql<{ deadLetters: DeadLetter[] }>(api, admin, DEAD_LETTERS)).deadLetters;
    const before = new Set((await dead()).map((d) => d.id));

    // A visit finds unsafe electricity: a risk case opens, its SMS go to the emergency contacts.
    await submittedRecordThatMeetsTheMonth(api);
    let mine: DeadLetter[] = [];
    await expect
      .poll(async () => {
        mine = (await dead()).filter((d) => !before.has(d.id) && d.kind === 'CASE_OPENED' && d.channel === 'sms');
        return mine.length;
      }, { timeout: 30_000, message: 'the refused risk SMS is dead-lettered' })
      .toBeGreaterThan(0);
    const letter = mine[0]!;
    expect(letter.attempts, 'a refusal is not tried again').toBe(1);
    expect(letter.recipientKind).toBe('emergency_contact');
    const refused = stub.requests.filter((r) => r.outId === letter.id);
    expect(refused.map((r) => r.answered)).toEqual(['isv.SMS_TEMPLATE_ILLEGAL']);
    expect(refused[0]!.templateCode).toBe('SMS_100000001');

    const page = await context.newPage();
    await signIn(page, 'district.admin');
    await expect(page).toHaveURL(/\/d$/);
    await page.getByRole('navigation', { name: '区民政局导航' }).getByRole('link', { name: '发送失败的通知' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '发送失败的通知' })).toBeVisible();
    const list = page.getByRole('list', { name: '发送失败的通知列表' });
    const cards = list.locator('li[data-kind="CASE_OPENED"]');
    const all = await dead();
    await expect(list.locator(':scope > li')).toHaveCount(Math.min(all.length, 20));
    // Newest first: the alarm just refused heads the list.
    const card = list.locator(':scope > li').first();
    await expect(card).toHaveAttribute('data-kind', 'CASE_OPENED');
    await expect(card.getByRole('heading', { level: 2 })).toHaveText('风险告警');
    await expect(card).toContainText('短信');
    await expect(card).toContainText(`紧急联系人`);
    await expect(card).toContainText(letter.recipientMasked!);
    await expect(card.getByTestId('dead-letter-cause')).toHaveText('短信模板未通过服务商审核或已失效');
    await expect(card).toContainText('请在短信服务商处确认模板已审核通过。');
    await expect(card).toContainText('1 次');
    const body = (await page.locator('main').innerText());
    expect(body, 'no id on the screen').not.toMatch(UUID);
    expect(body, 'no provider code or English error on the screen').not.toMatch(PROVIDER_CODE);
    expect(await cards.count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/screens/dead-letters.png', fullPage: true });
    await expectNoSideScroll(page);

    // A page at a time, newest first.
    if (all.length > 20) {
      await page.getByRole('button', { name: '加载更多' }).click();
      await expect(list.locator(':scope > li')).toHaveCount(Math.min(all.length, 40));
      await expect(list.locator(':scope > li').first()).toHaveAttribute('data-kind', 'CASE_OPENED');
    }

    // Cancelling sends nothing.
    await card.getByRole('button', { name: '重新发送' }).click();
    const confirm = card.getByRole('group', { name: '确认重新发送' });
    await expect(confirm).toContainText(`将把这条“风险告警”通知重新发给 紧急联系人`);
    await confirm.getByRole('button', { name: '取消' }).click();
    await expect(confirm).toHaveCount(0);
    expect((await dead()).some((d) => d.id === letter.id), 'still a dead letter').toBe(true);

    // The district has the template approved; then the admin sends it again.
    stub.approved = true;
    await card.getByRole('button', { name: '重新发送' }).click();
    await card.getByRole('group', { name: '确认重新发送' }).getByRole('button', { name: '确认重新发送' }).click();
    await expect(page.getByRole('status')).toHaveText('“风险告警”通知已重新排队发送');
    await expect
      .poll(() => stub.requests.filter((r) => r.outId === letter.id).map((r) => r.answered), {
        timeout: 20_000,
        message: 'the worker sends it again, with the same message id',
      })
      .toEqual(['isv.SMS_TEMPLATE_ILLEGAL', 'OK']);
    expect((await dead()).some((d) => d.id === letter.id), 'no longer a dead letter').toBe(false);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: '发送失败的通知' })).toBeVisible();
    await expect(list.locator(':scope > li')).toHaveCount(Math.min(all.length - 1, 20));

    // The resend is in the audit log.
    const { auditLog } = await gql<{ auditLog: { action: string }[] }>(
      api,
      admin,
      'query($o: String) { auditLog(objectId: $o, first: 10) { action } }',
      { o: letter.id },
    );
    expect(auditLog.map((a) => a.action)).toContain('message.resend');
  } finally {
    await context.close();
    await api.dispose();
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await stub.stop();
    rmSync(server.dir, { recursive: true, force: true });
  }
});
