import { expectNoSideScroll, gql, signIn, tokenOf } from './support/api';
import { expect, test } from './support/test';
import { claimableToday, myRecords, openSlotsForVolunteer, sign, startedMinutesAgo } from './support/volunteer';

const SCREENS = 'test-results/screens';
/** Ids (UUIDs) and area codes (6, 9 or 12 digits) must never reach a person. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const AREA_CODE = /(?<!\d)(\d{12}|\d{9}|\d{6})(?!\d)/;
/** A short hex reference such as 5A2088 (the old 老人编号). */
const HEX_REF = /(?<![0-9A-Z])(?=[0-9A-F]*[A-F])(?=[0-9A-F]*\d)[0-9A-F]{6}(?![0-9A-Z])/;

test('a minor student names the adult who goes with them, claims an in-person slot and records the visit', async ({ page, request }) => {
  test.setTimeout(120_000);
  // The town organizer generates this month's slots (as the demo's first look needs).
  await openSlotsForVolunteer(request);
  const student = await tokenOf(request, 'student');
  const volunteer = await tokenOf(request, 'volunteer');
  const { me: adult } = await gql<{ me: { id: string; displayName: string } }>(request, volunteer, '{ me { id displayName } }');
  const { me } = await gql<{ me: { isMinor: boolean } }>(request, student, '{ me { isMinor } }');
  expect(me.isMinor, 'the demo student is a minor').toBe(true);
  const { openSlotsNearMe } = await gql<{
    openSlotsNearMe: { slot: { id: string; elderId: string; windowFrom: string; windowTo: string; needsProfessional: boolean; modes: string[]; inPerson: boolean } }[];
  }>(request, student, '{ openSlotsNearMe(days: 14, inPerson: true) { slot { id elderId windowFrom windowTo needsProfessional modes inPerson } } }');
  const inPerson = openSlotsNearMe.map((n) => n.slot);
  const [slot] = claimableToday(inPerson);
  expect(slot, 'an in-person slot whose window holds today').toBeTruthy();

  await signIn(page, 'student');
  await expect(page).toHaveURL(/\/v$/);
  await page.getByLabel('探访方式').selectOption({ label: '仅上门' });
  // 20 at a time, the count of all pages above them; 加载更多 adds the next 20.
  const cards = page.getByRole('list', { name: '时段' }).locator(':scope > li');
  await expect(page.getByText(`共 ${inPerson.length} 个可认领时段`)).toBeVisible();
  await expect(cards).toHaveCount(Math.min(20, inPerson.length));
  if (inPerson.length > 20) {
    await page.getByRole('button', { name: /加载更多/ }).click();
    await expect(cards).toHaveCount(Math.min(40, inPerson.length));
  }
  const item = page.locator(`[data-slot-id="${slot!.id}"]`);
  // Further down the list: more pages until it shows.
  for (let i = 0; i < 20 && !(await item.isVisible()); i++) {
    await page.getByRole('button', { name: /加载更多/ }).click();
  }
  await expect(item).toBeVisible();
  // An in-person slot cannot be claimed alone: the card asks for the adult first.
  await expect(item).toContainText('须有成年人同行');
  await expect(item.getByRole('button', { name: '认领' })).toHaveCount(0);
  await item.getByRole('button', { name: '选择同行的成年人' }).click();
  const group = item.getByRole('group', { name: '同行的成年人' });
  // The demo volunteer serves in the slot's town: offered by a masked name, never an id.
  const masked = `${adult.displayName[0]}*${adult.displayName.slice(-1)}`;
  const choice = group.getByRole('radio', { name: new RegExp(masked.replace('*', '\\*')) });
  await expect(choice).toBeVisible();
  await expect(group).not.toContainText(adult.displayName);
  expect(await group.innerText()).not.toMatch(UUID);
  await expect(item.getByRole('button', { name: '认领' })).toBeDisabled();
  await choice.check();
  await expectNoSideScroll(page, 'the slots screen with the adult chooser at 360 px');
  const body = await page.locator('main').innerText();
  expect(body, 'no id on the screen').not.toMatch(UUID);
  expect(body, 'no area code on the screen').not.toMatch(AREA_CODE);
  expect(body, 'no elder reference code on the screen').not.toMatch(HEX_REF);
  // The card names its village in words.
  await expect(item.locator('.v-slot-place')).not.toHaveText(/\d/);
  await page.screenshot({ path: `${SCREENS}/minor-choose-adult.png` });
  await item.getByRole('button', { name: '认领' }).click();
  await expect(item.getByText('已认领')).toBeVisible();
  const { mySchedule } = await gql<{ mySchedule: { id: string; coVisitorId: string | null }[] }>(
    request,
    student,
    '{ mySchedule { id coVisitorId } }',
  );
  expect(mySchedule.find((s) => s.id === slot!.id)?.coVisitorId, 'the adult goes with the student').toBe(adult.id);

  // The visit, recorded by the student.
  await item.getByRole('link', { name: '开始探访' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '探访记录' })).toBeVisible();
  await page.getByLabel('开始时间（北京时间）').fill(startedMinutesAgo(30, slot!.windowFrom));
  // Each item on the scale of the district's paper form (渝北 附件3: 无变化/较好/较差), no scale to choose.
  await expect(page.locator('form select')).toHaveCount(1); // the referral target only
  await expect(page.getByRole('group', { name: '行动能力' })).toHaveAttribute('data-scale', 'change');
  await expect(page.locator('fieldset[aria-label="燃气安全"]')).toHaveAttribute('data-scale', 'safety'); // in a closed section
  await page.getByRole('group', { name: '行动能力' }).getByRole('radio', { name: '无变化', exact: true }).check();
  // Closed sections say that they open; a long paste is cut to the limit, counted as typed.
  const outcome = page.locator('summary', { hasText: '问题、服务与建议' });
  await expect(outcome).toContainText('▸');
  await expect(outcome).toContainText('展开');
  await outcome.click();
  await expect(outcome).toContainText('收起');
  const problems = page.getByLabel('发现的问题');
  await expect(page.getByTestId('count-problemsFound')).toHaveText('0/2000');
  await problems.fill('屋顶漏雨，'.repeat(1200));
  await expect(page.getByTestId('count-problemsFound')).toHaveText('2000/2000');
  expect([...(await problems.inputValue())].length).toBe(2000);
  await sign(page);
  await expectNoSideScroll(page, 'the visit form at 360 px');
  await page.getByRole('button', { name: '提交记录' }).click();
  const result = page.getByTestId('visit-result');
  await expect(result).toHaveAttribute('data-kind', 'sent');
  await expect(result).toContainText('记录已提交');
  await page.screenshot({ path: `${SCREENS}/minor-recorded.png` });
  const records = (await myRecords(request, student)).filter((r) => r.slotId === slot!.id);
  expect(records).toHaveLength(1);
  const { visitRecord } = await gql<{ visitRecord: { body: string } }>(request, student, 'query($id: String!) { visitRecord(id: $id) { body } }', {
    id: records[0]!.id,
  });
  expect([...(JSON.parse(visitRecord.body) as { problemsFound: string }).problemsFound].length).toBeLessThanOrEqual(2000);
});
