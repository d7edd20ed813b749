/**
 * 联系情况 at the desk (1366 px): the town organizer sees on an elder's page when the elder
 * was last reached and the failed attempts since, and records one more from the desk (a call
 * nobody answered) in words, never codes.
 */
import { expect, test } from './support/test';
import { expectNoSideScroll, gql, signIn, tokenOf } from './support/api';

test.use({ viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

interface Attempt {
  reason: string;
  note: string | null;
}

test('the organizer records a failed call on an elder page and sees it counted', async ({ page, request }) => {
  const organizer = await tokenOf(request, 'town.organizer');
  const { elders } = await gql<{ elders: { edges: { node: { id: string; name: string } }[] } }>(
    request,
    organizer,
    '{ elders(first: 100, filter: { serviceStatus: IN_SERVICE }) { edges { node { id name } } } }',
  );
  // One far down the list, so that specs running beside this one touch other elders.
  const elder = elders.edges.at(-1 - Math.floor(Math.random() * 30))!.node;
  const attemptsOf = async () =>
    (
      await gql<{ elder: { attemptsSinceContact: Attempt[] } }>(request, organizer, 'query($id: String!) { elder(id: $id) { attemptsSinceContact { reason note } } }', {
        id: elder.id,
      })
    ).elder.attemptsSinceContact;
  const before = (await attemptsOf()).length;

  await signIn(page, 'town.organizer');
  await expect(page).toHaveURL(/\/o$/);
  await page.goto(`/o/elders/${elder.id}`);
  const card = page.getByTestId('contact-card');
  await expect(card.getByRole('heading', { name: '联系情况' })).toBeVisible();
  await expect(card).toContainText('最近一次联系');
  await card.getByRole('button', { name: '记录未联系上' }).click();
  await card.getByLabel('联系方式').selectOption({ label: '电话' });
  await card.getByLabel('原因').selectOption({ label: '无人接听' });
  await card.getByLabel('说明（选填）').fill('上午十点拨打两次无人接听');
  await card.getByRole('button', { name: '保存' }).click();
  await expect(card.getByTestId('attempts')).toContainText('电话 · 无人接听 · 上午十点拨打两次无人接听');
  await expect(card).toContainText(`上次联系后未联系上 ${before + 1} 次`);
  const after = await attemptsOf();
  expect(after).toHaveLength(before + 1);
  expect(after[0]).toEqual({ reason: 'NO_ANSWER', note: '上午十点拨打两次无人接听' });
  await expectNoSideScroll(page, 'the elder page');
  await card.screenshot({ path: 'test-results/screens/organizer-contact.png' });
});

test('待复核 is one click from the elder list and says in words what is due', async ({ page, request }) => {
  const organizer = await tokenOf(request, 'town.organizer');
  const { me } = await gql<{ me: { areaCode: string } }>(request, organizer, '{ me { areaCode } }');
  const { reviewsDue } = await gql<{ reviewsDue: { name: string; overdue: boolean }[] }>(
    request,
    organizer,
    'query($a: String!) { reviewsDue(areaCode: $a) { name overdue } }',
    { a: me.areaCode },
  );
  await signIn(page, 'town.organizer');
  await expect(page).toHaveURL(/\/o$/);
  await page.goto('/o/elders');
  await page.getByRole('link', { name: '待复核' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '待复核' })).toBeVisible();
  if (reviewsDue.length === 0) {
    await expect(page.getByText('本月没有到期的半年复核')).toBeVisible();
  } else {
    const late = reviewsDue.filter((r) => r.overdue).length;
    await expect(page.getByTestId('reviews-due-total')).toHaveText(`共 ${reviewsDue.length} 位，其中 ${late} 位已逾期`);
    await expect(page.getByTestId('reviews-due').locator('tbody tr').first()).toContainText(reviewsDue[0]!.name);
  }
  await expectNoSideScroll(page, 'the review list');
});
