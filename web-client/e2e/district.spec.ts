import { expect, expectNoRawText, installClock, test } from './support/test';
import { districtOf, elderInTiers, requirementSources } from './support/district';
import { beijingToday, expectNoSideScroll, gql, signIn, tokenOf } from './support/api';
import { acceptedStudentVisit } from './support/school';

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

test('a district admin declares a surge for a town, its organizer sees it above every screen, the town’s elders owe an extra visit, then withdraws it', async ({ browser, page, request }) => {
  test.setTimeout(90_000);
  const admin = await tokenOf(request, 'district.admin');
  const district = await districtOf(request, admin);
  // The last town: the organizer's specs work in the first one.
  const town = district.towns[district.towns.length - 1]!;
  const today = beijingToday().day;
  const endsOn = addDays(today, 2);
  const label = `寒潮蓝色预警-${Date.now() % 100000}`;

  await signIn(page, 'district.admin');
  await expect(page).toHaveURL(/\/d$/);
  const nav = page.getByRole('navigation', { name: '区民政局导航' });
  await nav.getByRole('link', { name: '加密探访' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '加密探访' })).toBeVisible();

  // Declare: an empty name is refused by the server, next to the field.
  await page.getByRole('button', { name: '发布加密探访' }).click();
  const form = page.getByRole('form', { name: '发布加密探访' });
  await form.getByLabel('类型').selectOption('EXTREME_WEATHER');
  await form.getByLabel('范围').selectOption(town.code);
  await form.getByLabel('开始日期').fill(today);
  await form.getByLabel('结束日期').fill(endsOn);
  await form.getByRole('button', { name: '发布', exact: true }).click();
  await expect(form.locator('[data-field-error="label"]')).toBeVisible();
  await form.getByLabel('名称').fill(label);
  await form.getByRole('button', { name: '发布', exact: true }).click();
  await expect(page.getByRole('status')).toContainText(`已发布：${label}`);

  const card = page.locator(`li[data-surge="${label}"]`);
  await expect(card).toContainText('生效中');
  await expect(card).toContainText(town.name);
  await expect(card).toContainText(`${today} – ${endsOn}`);
  await page.screenshot({ path: 'test-results/screens/district-surges.png', fullPage: true });
  await expectNoSideScroll(page);

  // Through the API: an elder of that town in the surge's tiers now owes the surge's visits.
  const { surges } = await gql<{ surges: { id: string; label: string; tiers: string[]; count: number; withdrawnAt: string | null }[] }>(
    request,
    admin,
    'query($a: String!) { surges(areaCode: $a) { id label tiers count withdrawnAt } }',
    { a: town.code },
  );
  const surge = surges.find((s) => s.label === label);
  expect(surge, 'the declared surge is listed').toBeTruthy();
  expect(surge!.withdrawnAt).toBeNull();
  const elder = await elderInTiers(request, admin, town.code, surge!.tiers);
  const owed = (await requirementSources(request, admin, elder, endsOn)).filter((i) => i.source === label);
  expect(owed).toHaveLength(1);
  expect(owed[0]).toMatchObject({ count: surge!.count, from: today, to: endsOn });

  // The town's organizer sees it at once, above every screen, in words (issue #19).
  const username = `organizer.${town.code}.${Date.now() % 100000}`;
  await gql(request, admin, 'mutation($input: StaffAccountInput!) { createStaffAccount(input: $input) { id } }', {
    input: { username, displayName: `${town.name}民政办`, password: 'town-organizer-2026', role: 'TOWN_ORGANIZER', areaCode: town.code },
  });
  // Its own browser context: signing in there leaves the admin's session here alone.
  const organizerContext = await browser.newContext({ baseURL: test.info().project.use.baseURL, viewport: { width: 1366, height: 900 } });
  await installClock(organizerContext);
  const organizerPage = await organizerContext.newPage();
  await signIn(organizerPage, username, 'town-organizer-2026');
  await expect(organizerPage).toHaveURL(/\/o$/);
  const banner = organizerPage.getByRole('region', { name: '加密探访提示' });
  await expect(banner).toContainText(label);
  await expect(banner).toContainText('每位老人至少联系');
  await organizerPage.getByRole('navigation', { name: '组织者导航' }).getByRole('link', { name: '方案' }).click();
  await expect(banner).toContainText(label);
  await expectNoRawText(organizerPage, 'the surge banner');
  await organizerPage.screenshot({ path: 'test-results/screens/organizer-surge-banner.png' });
  await organizerContext.close();

  // Withdraw with a reason: the card says so and the extra visit is no longer owed.
  await card.getByRole('button', { name: '撤销' }).click();
  await card.getByLabel('撤销原因').fill('预警已解除');
  await card.getByRole('button', { name: '确认撤销' }).click();
  await expect(card).toContainText('已撤销');
  await expect(card).toContainText('预警已解除');
  await expect(card.getByRole('button', { name: '撤销' })).toHaveCount(0);
  const after = (await requirementSources(request, admin, elder, endsOn)).filter((i) => i.source === label);
  expect(after).toHaveLength(0);

  await expectNoSideScroll(page);
});

test('a district admin sees the policy pack, the visit rate by town and concludes a spot check', async ({ page, request }) => {
  test.setTimeout(90_000);
  const admin = await tokenOf(request, 'district.admin');
  const district = await districtOf(request, admin);
  const month = beijingToday().month;
  // A record of this month to sample.
  const visit = await acceptedStudentVisit(request);

  await signIn(page, 'district.admin');
  // 政策: the pack in force, as the API says.
  const { districtPolicyHistory } = await gql<{ districtPolicyHistory: { pack: { name: string } | null; effectiveFrom: string }[] }>(
    request,
    admin,
    'query($d: String!) { districtPolicyHistory(districtCode: $d) { effectiveFrom pack { name } } }',
    { d: district.code },
  );
  const current = districtPolicyHistory.filter((c) => c.effectiveFrom <= beijingToday().day).at(-1);
  await expect(page.getByTestId('pack-in-force')).toContainText(current!.pack!.name);
  await page.screenshot({ path: 'test-results/screens/district-policy.png', fullPage: true });
  await expectNoSideScroll(page);
  // Choosing a pack from a past date is refused, and the reason shows next to the date.
  const choose = page.getByRole('form', { name: '选择政策包' });
  await choose.getByLabel('政策包').selectOption({ label: current!.pack!.name });
  await choose.getByLabel('生效日期').fill('2020-01-01');
  await choose.getByRole('button', { name: '确认选择' }).click();
  await expect(choose.locator('[data-field-error="effectiveFrom"]')).toContainText('生效日期不能早于今天');

  // 报表: one row per town and the district's rate, as the coverage query gives them.
  const nav = page.getByRole('navigation', { name: '区民政局导航' });
  await nav.getByRole('link', { name: '报表', exact: true }).click();
  const { coverage } = await gql<{
    coverage: { total: { visitRate: number | null; contactRate: number | null }; towns: { name: string }[] };
  }>(
    request,
    admin,
    'query($m: String!, $a: String!) { coverage(month: $m, areaCode: $a) { total { visitRate contactRate } towns { name } } }',
    { m: month, a: district.code },
  );
  const percent = (r: number | null) => (r == null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);
  // Both rates, each after its name: the strict 月探访率 and the 探访覆盖率 offices quote.
  await expect(page.getByTestId('district-rate')).toHaveText(percent(coverage.total.visitRate));
  await expect(page.getByTestId('district-contact-rate')).toHaveText(percent(coverage.total.contactRate));
  await expect(page.getByTestId('district-rates')).toHaveText(
    `月探访率 ${percent(coverage.total.visitRate)}\u3000探访覆盖率 ${percent(coverage.total.contactRate)}`,
  );
  const table = page.getByRole('table', { name: '各镇街月探访率与探访覆盖率' });
  await expect(table.locator('tbody tr')).toHaveCount(coverage.towns.length);
  await expect(table.locator('thead th').filter({ hasText: /^月探访率$/ })).toHaveCount(1);
  await expect(table.locator('thead th').filter({ hasText: /^探访覆盖率$/ })).toHaveCount(1);
  await expect(table.locator('tfoot [data-testid="visit-rate"]')).toHaveText(percent(coverage.total.visitRate));
  await expect(table.locator('tfoot [data-testid="contact-rate"]')).toHaveText(percent(coverage.total.contactRate));
  await expect(page.getByRole('img', { name: /各镇街月探访率与探访覆盖率柱状图/ }).locator('canvas')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/district-reports.png', fullPage: true });
  await expectNoSideScroll(page);

  // 抽查: draw this month's sample; a questionable outcome needs a note.
  await nav.getByRole('link', { name: '抽查' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '抽查' })).toBeVisible();
  const draw = page.getByRole('button', { name: '抽取', exact: true });
  // The page shows the draw button (no sample yet) or the sample once the month's is loaded.
  await expect(draw.or(page.locator('li[data-record]')).first()).toBeVisible();
  if (await draw.isVisible()) await draw.click();
  // The draw takes one record per visitor at random: the student's may be another of this
  // month's records than the one just made. Check whichever of the student's was drawn.
  await expect(page.locator('li[data-record]').first()).toBeVisible();
  const drawn = await gql<{ spotCheckSample: { visitorId: string; record: { id: string } }[] }>(
    request,
    admin,
    'query($m: String!) { spotCheckSample(month: $m) { visitorId record { id } } }',
    { m: month },
  );
  const sampled = drawn.spotCheckSample.find((c) => c.visitorId === visit.studentId)?.record.id;
  expect(sampled, "the student's record is in the sample").toBeTruthy();
  const check = page.locator(`li[data-record="${sampled}"]`);
  await expect(check).toBeVisible();
  await expect(check).toContainText('待核查');
  await check.getByLabel('结论', { exact: true }).selectOption('QUESTIONABLE');
  await check.getByRole('button', { name: '提交结论' }).click();
  await expect(check.locator('[data-field-error="note"]')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/district-spotchecks.png', fullPage: true });
  await expectNoSideScroll(page);
  await check.getByLabel('备注', { exact: true }).fill('照片与地址不符，待回访核实');
  await check.getByRole('button', { name: '提交结论' }).click();
  await expect(check).toContainText('存疑');
  await expect(check).toContainText('照片与地址不符');
  const { spotCheckSample } = await gql<{ spotCheckSample: { outcome: string | null; record: { id: string } }[] }>(
    request,
    admin,
    'query($m: String!) { spotCheckSample(month: $m) { outcome record { id } } }',
    { m: month },
  );
  expect(spotCheckSample.find((c) => c.record.id === sampled)?.outcome).toBe('QUESTIONABLE');
});
