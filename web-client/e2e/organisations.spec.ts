import { expect, expectNoRawText, installClock, test } from './support/test';
import { districtOf } from './support/district';
import { beijingToday, expectNoSideScroll, gql, signIn, tokenOf } from './support/api';

test('the district registers a provider, signs its contract and names its admin; the admin, a volunteer, manages its members and reads the monthly statement on the phone', async ({
  browser,
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const admin = await tokenOf(request, 'district.admin');
  const district = await districtOf(request, admin);
  const town = district.towns[0]!;
  const name = `康乐居家养老服务中心-${Date.now() % 100000}`;
  const { month } = beijingToday();

  await signIn(page, 'district.admin');
  await page.getByRole('navigation', { name: '区民政局导航' }).getByRole('link', { name: '组织' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '组织' })).toBeVisible();

  // Register: an empty name is refused next to the field, then the provider is listed.
  await page.getByRole('button', { name: '登记组织' }).click();
  const form = page.getByRole('form', { name: '登记组织' });
  await form.getByLabel('类型').selectOption('INSTITUTION');
  await form.getByLabel('所在区域').selectOption(town.code);
  await form.getByRole('button', { name: '登记', exact: true }).click();
  await expect(form.locator('[data-field-error="name"]')).toBeVisible();
  await form.getByLabel('名称').fill(name);
  await form.getByRole('button', { name: '登记', exact: true }).click();
  await expect(page.getByRole('status')).toContainText(`已登记：${name}`);
  const card = page.locator(`li[data-organisation="${name}"]`);
  await expect(card).toContainText('第三方服务机构');
  await expect(card).toContainText(town.name);
  await expect(card).toContainText('还没有服务合同');

  // A contract: ending before it starts is refused on its field; then six months, 120 visits, 120 hours.
  await card.getByRole('button', { name: '签订服务合同' }).click();
  const sign = card.getByRole('form', { name: `签订服务合同 ${name}` });
  await sign.getByLabel('服务区域').selectOption(town.code);
  await sign.getByLabel('开始日期').fill(`${month}-01`);
  await sign.getByLabel('结束日期').fill('2026-01-01');
  await sign.getByLabel('约定探访次数').fill('120');
  await sign.getByLabel('约定服务时长（小时）').fill('120');
  await sign.getByRole('button', { name: '保存合同' }).click();
  await expect(sign.locator('[data-field-error="endsOn"]')).toBeVisible();
  const [year, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m - 1 + 6, 0)).toISOString().slice(0, 10);
  await sign.getByLabel('结束日期').fill(last);
  await sign.getByRole('button', { name: '保存合同' }).click();
  await expect(card.getByRole('table', { name: `月度服务报表 ${month}` })).toBeVisible();

  // The statement on screen is the server's, and this month's promise is a sixth of the contract's.
  const { organisations } = await gql<{ organisations: { name: string; contracts: { id: string }[] }[] }>(
    request,
    admin,
    'query($a: String!) { organisations(areaCode: $a) { name contracts { id } } }',
    { a: town.code },
  );
  const contract = organisations.find((o) => o.name === name)!.contracts[0]!.id;
  const { contractStatement: figures } = await gql<{ contractStatement: { visits: number; promisedVisits: number; minutes: number } }>(
    request,
    admin,
    'query($c: String!, $m: String!) { contractStatement(contractId: $c, month: $m) { visits promisedVisits minutes } }',
    { c: contract, m: month },
  );
  expect(figures.promisedVisits).toBe(20);
  const table = card.getByRole('table', { name: `月度服务报表 ${month}` });
  const cells = (row: RegExp) => table.getByRole('row', { name: row }).getByRole('cell');
  await expect(cells(/通过审核的探访/)).toHaveText([`${figures.visits}`, '20']);
  await expect(cells(/服务时长/)).toHaveText([(figures.minutes / 60).toFixed(1), '20.0']);

  // Members: an unknown account is named as such; the demo volunteer is added and made admin.
  const add = card.getByRole('form', { name: '添加成员' });
  await add.getByLabel('志愿者账号').fill('no.such.volunteer');
  await add.getByRole('button', { name: '添加成员' }).click();
  await expect(add.locator('[data-field-error="account"]')).toBeVisible();
  await add.getByLabel('志愿者账号').fill('volunteer');
  await add.getByRole('button', { name: '添加成员' }).click();
  const members = card.getByRole('region', { name: '成员（1）' });
  await expect(members).toBeVisible();
  await members.getByRole('button', { name: '设为管理员' }).click();
  await expect(members.getByText('管理员', { exact: true })).toBeVisible();
  await expectNoRawText(page, 'the organisations page');
  await expectNoSideScroll(page);
  await page.screenshot({ path: 'test-results/screens/district-organisations.png', fullPage: true });

  // The volunteer, on the phone: 组织 shows the provider they manage, its statement, and they add a member.
  const phone = await browser.newContext({ ...test.info().project.use, baseURL: test.info().project.use.baseURL });
  await installClock(phone);
  const volunteerPage = await phone.newPage();
  await signIn(volunteerPage, 'volunteer');
  await volunteerPage.getByRole('navigation', { name: '探访人员导航' }).getByRole('link', { name: '组织' }).click();
  await expect(volunteerPage.getByRole('heading', { level: 1, name: '我的组织' })).toBeVisible();
  const mine = volunteerPage.locator(`li[data-organisation="${name}"]`);
  await expect(mine).toContainText('您是本组织的管理员');
  await expect(mine.getByRole('table', { name: `月度服务报表 ${month}` })).toBeVisible();
  await expect(mine.getByRole('button', { name: '设为管理员' })).toHaveCount(0);
  await mine.getByLabel('志愿者账号').fill('student');
  await mine.getByRole('button', { name: '添加成员' }).click();
  await expect(mine.getByRole('region', { name: '成员（2）' })).toBeVisible();
  // 成员概况: each member's month, as the API counts it.
  await mine.getByRole('button', { name: '成员概况' }).click();
  const overview = mine.getByTestId('overview-table');
  await expect(overview.getByRole('row')).toHaveCount(3);
  const adminToken = await tokenOf(request, 'volunteer');
  const orgId = (
    await gql<{ myOrganisations: { organisation: { id: string; name: string } }[] }>(request, adminToken, '{ myOrganisations { organisation { id name } } }')
  ).myOrganisations.find((o) => o.organisation.name === name)?.organisation.id;
  const { organisationOverview } = await gql<{ organisationOverview: { name: string; visits: number; trainings: number }[] }>(
    request,
    adminToken,
    'query($o: String!, $p: String!) { organisationOverview(organisationId: $o, period: $p) { name visits trainings } }',
    { o: orgId, p: month },
  );
  for (const row of organisationOverview) {
    const cells = overview.getByRole('row', { name: new RegExp(row.name) });
    await expect(cells.getByTestId('overview-visits')).toHaveText(String(row.visits));
    await expect(cells.getByTestId('overview-trainings')).toHaveText(String(row.trainings));
  }
  await expectNoRawText(volunteerPage, 'my organisations');
  await expectNoSideScroll(volunteerPage);
  await volunteerPage.screenshot({ path: 'test-results/screens/volunteer-organisations.png', fullPage: true });

  // The new member sees that they belong, not who else does.
  const student = await tokenOf(request, 'student');
  const { myOrganisations } = await gql<{ myOrganisations: { isAdmin: boolean; organisation: { name: string; members: unknown } }[] }>(
    request,
    student,
    '{ myOrganisations { isAdmin organisation { name members { displayName } } } }',
  );
  expect(myOrganisations.find((o) => o.organisation.name === name)).toEqual({ isAdmin: false, organisation: { name, members: null } });
  await phone.close();
});
