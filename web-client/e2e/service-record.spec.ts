/**
 * On a phone (360 px), the visitor's own volunteer service record (民政部令第67号): an accepted
 * visit shows with its village, the organising town and its minutes; the visitor asks for a
 * correction and later reads the office's refusal with its reason; prints the proof an office
 * issued; reads their no-shows and the district's rule; and a care service they enter with a
 * wrong elder's code is refused next to the code. Seeded through GraphQL as the organizer.
 */
import { expect, test } from './support/test';
import { beijingToday, expectNoSideScroll, gql, signIn, tokenOf } from './support/api';
import { acceptedVisit } from './support/volunteer';

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

const SCREENS = 'test-results/screens';

interface Entry {
  recordId: string | null;
  correction: { id: string } | null;
}

test('a visitor reads their service record, asks for a correction, prints a proof and reads their no-shows', async ({ page, request }) => {
  test.setTimeout(120_000);
  // Set-up: the volunteer claims a slot of today and records a 20-minute visit; the town accepts it.
  const recordId = await acceptedVisit(request);
  const organizer = await tokenOf(request, 'town.organizer');
  const volunteer = await tokenOf(request, 'volunteer');
  const { me: org } = await gql<{ me: { areaCode: string } }>(request, organizer, '{ me { areaCode } }');
  const { area: town } = await gql<{ area: { name: string } }>(request, organizer, 'query($c: String!) { area(code: $c) { name } }', { c: org.areaCode });
  const { me } = await gql<{ me: { id: string } }>(request, volunteer, '{ me { id } }');

  await signIn(page, 'volunteer');
  await expect(page).toHaveURL(/\/v$/);
  await page.getByRole('link', { name: '时长' }).click();
  const section = page.getByTestId('my-service-record');
  await expect(section.getByRole('heading', { name: '我的志愿服务记录' })).toBeVisible();
  // Newest first: the visit just accepted, with the town that organised it and 20 minutes.
  const visit = section.getByTestId('service-entry').first();
  await expect(visit).toContainText(`组织单位：${town.name}`);
  await expect(visit).toContainText('20 分钟');
  await expect(visit).toContainText(/地点：\S+/);

  // 申请更正: 25 minutes, with a reason; it shows as pending and cannot be asked twice.
  await visit.getByRole('button', { name: '申请更正时长' }).click();
  await visit.getByLabel('更正后的时长（分钟）').fill('25');
  await visit.getByRole('button', { name: '提交更正申请' }).click();
  await expect(visit.locator('[data-field-error="reason"]')).toBeVisible();
  await visit.getByLabel('更正理由').fill('探访结束后又帮老人整理了药品');
  await visit.getByRole('button', { name: '提交更正申请' }).click();
  await expect(visit.getByTestId('correction-status')).toHaveText('更正申请待处理：25 分钟');
  await expect(visit.getByRole('button', { name: '申请更正时长' })).toHaveCount(0);
  await expectNoSideScroll(page, 'the service record at 360 px');
  await page.screenshot({ path: `${SCREENS}/volunteer-service-record.png`, fullPage: true });

  // The town refuses it with a reason, and issues a proof for today.
  const { day } = beijingToday();
  const entries = await gql<{ myServiceRecord: Entry[] }>(
    request,
    volunteer,
    'query($f: LocalDate!, $t: LocalDate!) { myServiceRecord(from: $f, to: $t) { recordId correction { id } } }',
    { f: day, t: day },
  );
  const asked = entries.myServiceRecord.find((e) => e.recordId === recordId)!.correction!.id;
  await gql(request, organizer, 'mutation($id: String!) { decideServiceCorrection(id: $id, accept: false, reason: "与纸质记录表的时间一致") { status } }', {
    id: asked,
  });
  const issued = await gql<{ issueServiceProof: { number: string } }>(
    request,
    organizer,
    'mutation($v: String!, $d: LocalDate!) { issueServiceProof(visitorId: $v, from: $d, to: $d) { number } }',
    { v: me.id, d: day },
  );

  await page.reload();
  const refused = page.getByTestId('my-service-record').getByTestId('service-entry').first();
  await expect(refused.getByTestId('correction-status')).toHaveText('不予更正（申请 25 分钟） 理由：与纸质记录表的时间一致');
  await expect(refused).toContainText('20 分钟');

  // 我的证明: the proof by its number, printable.
  const proofs = page.getByTestId('my-proofs');
  const proof = proofs.locator('li', { hasText: issued.issueServiceProof.number });
  await expect(proof).toBeVisible();
  const [popup] = await Promise.all([page.waitForEvent('popup'), proof.getByRole('button', { name: '打印' }).click()]);
  await expect(popup.locator('body')).toContainText('志愿服务记录证明');
  await expect(popup.locator('body')).toContainText(issued.issueServiceProof.number);
  await popup.close();

  // 我的未到记录: the district's rule, in words.
  const noShows = page.getByTestId('my-no-shows');
  await expect(noShows.getByRole('heading', { name: '我的未到记录' })).toBeVisible();
  await expect(noShows).toContainText('本区规则：90 天内未到 2 次，每月可探访次数减半。');

  // 记录我提供的服务: for the elder of the slot just visited; a wrong code is refused by it.
  const give = page.getByTestId('give-care');
  await give.getByRole('button', { name: '记录一次服务' }).click();
  const elder = give.getByLabel('服务对象');
  const option = await elder.locator('option', { hasText: '老人' }).first().getAttribute('value');
  await elder.selectOption(option!);
  await give.getByLabel('服务项目').selectOption({ label: '送餐' });
  await give.getByLabel('服务时长（分钟）').fill('30');
  await give.getByLabel('老人读出的确认码').fill('000000');
  await give.getByRole('button', { name: '提交' }).click();
  await expect(give.locator('[data-field-error="code"]')).toContainText('确认码不对');
  await expectNoSideScroll(page, 'the hours page at 360 px');
  await page.screenshot({ path: `${SCREENS}/volunteer-give-care.png`, fullPage: true });
});
