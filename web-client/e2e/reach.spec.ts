import { expect, test } from './support/test';
import { expectNoSideScroll, gql, signIn, tokenOf } from './support/api';
import { claimableToday, openSlotsForVolunteer } from './support/volunteer';

const SCREENS = 'test-results/screens';

test('the holder of a slot sees how to reach the elder inside the window and records 未联系上', async ({ page, request }) => {
  test.setTimeout(90_000);
  const { volunteer, organizer, slots } = await openSlotsForVolunteer(request);
  const slot = claimableToday(slots).at(-1);
  expect(slot, 'an open slot whose window holds today').toBeTruthy();
  await gql(request, volunteer, 'mutation($s: String!) { claimSlot(slotId: $s) { id } }', { s: slot!.id });
  const auditedShowings = async () => {
    const { auditLog } = await gql<{ auditLog: { action: string }[] }>(
      request,
      organizer,
      'query($o: String) { auditLog(objectId: $o, first: 100) { action } }',
      { o: slot!.elderId },
    );
    return auditLog.filter((a) => a.action === 'elder.unmask_for_slot').length;
  };
  const shownBefore = await auditedShowings();

  await signIn(page, 'volunteer');
  await expect(page).toHaveURL(/\/v$/);
  await page.getByRole('navigation', { name: '探访人员导航' }).getByRole('link', { name: '日程' }).click();
  const item = page.locator(`[data-slot-id="${slot!.id}"]`);
  await expect(item).toContainText('已认领');
  const reach = item.getByTestId('reach-elder');
  const byPhone = slot!.modes.some((m) => m === 'PHONE' || m === 'VIDEO');

  // Nothing is shown (nor audited) until the holder asks.
  await expect(reach.locator('a[href^="tel:"]')).toHaveCount(0);
  await reach.getByRole('button', { name: byPhone ? '查看老人电话' : '查看住址和紧急联系人' }).click();
  const contact = reach.getByTestId('slot-contact');
  const tel = contact.locator('a[href^="tel:"]').first();
  await expect(tel).toBeVisible();
  const number = (await tel.textContent())!.trim();
  expect(number).toMatch(/^1\d{10}$/);
  await expect(tel).toHaveAttribute('href', `tel:${number}`);
  await expect(contact).toContainText(byPhone ? '老人电话' : '紧急联系人');
  expect(await auditedShowings(), 'the showing is in the audit log').toBe(shownBefore + 1);
  await expectNoSideScroll(page, 'the schedule with the contact shown');
  await page.screenshot({ path: `${SCREENS}/volunteer-reach.png`, fullPage: true });

  // Nobody answered: 未联系上, with a reason; the slot stays the holder's.
  await reach.getByRole('button', { name: '未联系上' }).click();
  await reach.getByRole('group', { name: '原因' }).getByRole('radio', { name: '无人接听' }).check();
  await reach.getByLabel('备注（可不填）').fill('上午打了两次');
  await reach.getByRole('button', { name: '登记' }).click();
  await expect(reach.getByRole('status')).toHaveText('已登记未联系上，时段仍在你名下');
  await expect(item).toContainText('已认领');

  // The attempt is on the elder's file, for the slot.
  const { elder } = await gql<{ elder: { attemptsSinceContact: { slotId: string | null; reasonLabel: string; note: string | null; mode: string }[] } }>(
    request,
    organizer,
    'query($id: String!) { elder(id: $id) { attemptsSinceContact { slotId reasonLabel note mode } } }',
    { id: slot!.elderId },
  );
  expect(elder.attemptsSinceContact[0]).toEqual({
    slotId: slot!.id,
    reasonLabel: '无人接听',
    note: '上午打了两次',
    mode: byPhone ? 'PHONE' : 'IN_PERSON',
  });
  const { mySchedule } = await gql<{ mySchedule: { id: string; status: string }[] }>(request, volunteer, '{ mySchedule { id status } }');
  expect(mySchedule.find((s) => s.id === slot!.id)?.status).toBe('CLAIMED');
});

test('a volunteer creates a calendar feed, sees its address, renews it and revokes it', async ({ page, request }) => {
  test.setTimeout(60_000);
  const volunteer = await tokenOf(request, 'volunteer');
  const schedule = '{ mySchedule { id status } }';
  const holding = (await gql<{ mySchedule: { status: string }[] }>(request, volunteer, schedule)).mySchedule;
  if (!holding.some((s) => s.status === 'CLAIMED')) {
    // Hold a slot, so the feed has a visit to show.
    const open = claimableToday((await openSlotsForVolunteer(request)).slots).at(-1);
    await gql(request, volunteer, 'mutation($s: String!) { claimSlot(slotId: $s) { id } }', { s: open!.id });
  }
  const { mySchedule } = await gql<{ mySchedule: { id: string; status: string; elder: { name: string; residenceAddress: string } | null }[] }>(
    request,
    volunteer,
    '{ mySchedule { id status elder { name residenceAddress } } }',
  );
  // Start with no feed, whatever an earlier run left.
  await gql(request, volunteer, 'mutation { revokeCalendarFeed }');

  await signIn(page, 'volunteer');
  await expect(page).toHaveURL(/\/v$/);
  await page.getByRole('navigation', { name: '探访人员导航' }).getByRole('link', { name: '日程' }).click();
  const section = page.getByTestId('calendar-feed');
  await expect(section.getByRole('heading', { name: '订阅日历' })).toBeVisible();
  await expect(section.getByRole('status')).toHaveText('还没有订阅地址');

  // Create: the address is shown once; it serves the schedule as iCalendar.
  await section.getByRole('button', { name: '生成订阅地址' }).click();
  const input = section.getByLabel('日历订阅地址');
  await expect(input).toHaveValue(/^https?:\/\/.+\/calendar\/.+\.ics$/);
  const first = await input.inputValue();
  await expect(section.getByRole('status')).toContainText('已开通订阅');
  await expect(section.getByRole('button', { name: '更换订阅地址' })).toBeVisible();
  await expectNoSideScroll(page, 'the calendar section with its address');
  await page.screenshot({ path: `${SCREENS}/volunteer-calendar.png`, fullPage: true });
  const feed = await request.get(first);
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toContain('text/calendar');
  // Unfolded (RFC 5545 folds long lines).
  const ics = (await feed.text()).replace(/\r?\n[ \t]/g, '');
  expect(ics).toContain('BEGIN:VCALENDAR');
  // A mobile number stands alone: not inside a slot's UID (a UUID's last group may hold 11 digits).
  expect(ics, 'no phone number in the feed').not.toMatch(/(?<![0-9a-f])1[3-9]\d{9}(?![0-9a-f])/);
  const held = mySchedule.filter((s) => s.status === 'CLAIMED' && s.elder);
  expect(held.length, 'the volunteer holds a slot').toBeGreaterThan(0);
  const events = (ics.match(/BEGIN:VEVENT/g) ?? []).length;
  const summaries = ics.split(/\r?\n/).filter((l) => l.startsWith('SUMMARY'));
  expect(summaries.filter((l) => l.includes('老人')), 'each event names the elder as surname + 老人').toHaveLength(events);
  for (const s of held) {
    expect(ics, 'every held slot is an event').toContain(`UID:slot-${s.id}@tanfang`);
    // Never the full name (when longer than a surname) or the address.
    if (s.elder!.name.length > 2) expect(ics).not.toContain(s.elder!.name);
    expect(ics).not.toContain(s.elder!.residenceAddress);
  }

  // Renew (after confirming): a new address; the old one is gone.
  page.once('dialog', (d) => {
    expect(d.message()).toContain('更换后旧地址立即失效');
    void d.accept();
  });
  await section.getByRole('button', { name: '更换订阅地址' }).click();
  await expect(input).not.toHaveValue(first);
  await expect(input).toHaveValue(/\/calendar\/.+\.ics$/);
  const second = await input.inputValue();
  expect((await request.get(first)).status(), 'the old address after renewing').toBe(404);
  expect((await request.get(second)).status()).toBe(200);

  // Revoke (after confirming): no address, and the last one is gone too.
  page.once('dialog', (d) => {
    expect(d.message()).toContain('取消后这个地址立即失效');
    void d.accept();
  });
  await section.getByRole('button', { name: '取消订阅' }).click();
  await expect(section.getByRole('status')).toHaveText('还没有订阅地址');
  await expect(input).toHaveCount(0);
  await expect(section.getByRole('button', { name: '生成订阅地址' })).toBeVisible();
  expect((await request.get(second)).status(), 'the address after revoking').toBe(404);
});
