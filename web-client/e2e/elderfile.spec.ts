import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, test } from './support/test';
import { beijingToday, expectNoSideScroll, gql, signIn, tokenOf } from './support/api';

// 登记老人 at a desk (1366 px); the tablet pass resizes the window.
test.use({ viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

const SCREENS = 'test-results/screens';

/** GB 11643: the check character of the first 17 digits (weights 2^(17-i) mod 11). */
function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  return ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][sum % 11]!;
}

/** A valid 18-character ID number of someone born in the 1940s, new on every run. */
function freshIdNumber(region: string): string {
  const year = 1940 + Math.floor(Math.random() * 10);
  const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
  const seq = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const first17 = `${region}${year}${month}${day}${seq}`;
  return first17 + checkChar(first17);
}

/** `day` moved by whole days / months (months clamp to the month's last day). */
function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** A token of the town organizer, and its area: its region (first 6 digits) and its villages' names. */
async function organizerArea(request: APIRequestContext): Promise<{ token: string; region: string; villages: string[] }> {
  const token = await tokenOf(request, 'town.organizer');
  const { me } = await gql<{ me: { areaCode: string } }>(request, token, '{ me { areaCode } }');
  const { area } = await gql<{ area: { children: { name: string }[] } }>(
    request,
    token,
    'query($c: String!) { area(code: $c) { children { name } } }',
    { c: me.areaCode },
  );
  return { token, region: me.areaCode.slice(0, 6), villages: area.children.map((c) => c.name) };
}

async function signInAsOrganizer(page: Page) {
  await signIn(page, 'town.organizer');
  await expect(page).toHaveURL(/\/o$/);
}

/** Whether the 待核实名单 lists `name`, looking through its pages. */
async function onCheckList(page: Page, name: string): Promise<boolean> {
  await page.goto('/o/elders');
  await page.getByRole('link', { name: '待核实名单' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '待核实名单' })).toBeVisible();
  for (;;) {
    // Loaded: the total (a list) or the empty state.
    await expect(page.getByTestId('checks-total').or(page.getByText('没有待核实的老人'))).toBeVisible();
    const table = page.getByTestId('checks-table');
    if ((await table.count()) === 0) return false;
    if ((await table.getByRole('link', { name, exact: true }).count()) > 0) return true;
    const next = page.getByRole('button', { name: '下一页' });
    if (await next.isDisabled()) return false;
    const pageNo = await page.locator('.org-pager span').textContent();
    await next.click();
    await expect(page.locator('.org-pager span')).not.toHaveText(pageNo ?? '');
  }
}

function member(page: Page, n: number): Locator {
  return page.getByRole('group', { name: `家庭成员 ${n}` });
}

test('an organizer registers an elder, records a dated change, a refusal and a half-yearly review', async ({ page, request }) => {
  test.setTimeout(120_000);
  const { token, region, villages } = await organizerArea(request);
  const village = villages[0]!;
  const name = `登记测试${Math.floor(Math.random() * 1e6)}`;
  const idNumber = freshIdNumber(region);
  const today = beijingToday().day;
  const opened = addDays(today, -60);

  await signInAsOrganizer(page);
  await page.getByRole('navigation', { name: '组织者导航' }).getByRole('link', { name: '老人档案' }).click();
  await page.getByRole('link', { name: '登记老人' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '登记老人档案' })).toBeVisible();

  // 基本信息: a wrong check digit first — the server's error stands beside the field.
  const wrong = idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1');
  await page.getByLabel('姓名（必填）', { exact: true }).fill(name);
  await page.getByLabel('身份证号（必填）').fill(wrong);
  await page.getByLabel('联系电话', { exact: true }).fill('13812340000');
  // 居住地: the village by its name.
  await page.getByLabel('居住村/社区（必填）').selectOption({ label: village });
  await page.getByLabel('居住地详细地址（必填）').fill('一组 6 号');
  await page.getByLabel('城乡类别（必填）').selectOption({ label: '农村' });
  // 健康与能力, 经济状况
  await page.getByLabel('能力程度（必填）').selectOption({ label: '轻度失能' });
  await page.getByLabel('疾病史').fill('高血压');
  await page.getByLabel('经济状况（必填）').selectOption({ label: '低保' });
  await page.getByLabel('养老金（元/月）').fill('180');
  await page.getByLabel('居住情况（必填）').selectOption({ label: '与配偶同住' });

  // Two household members: the spouse as data; the son with a note in words only.
  await page.getByRole('button', { name: '添加家庭成员' }).click();
  await page.getByRole('button', { name: '添加家庭成员' }).click();
  const spouse = member(page, 1);
  await spouse.getByLabel('姓名（必填）').fill('刘桂兰');
  await spouse.getByLabel('关系（必填）').fill('配偶');
  await spouse.getByLabel('年龄（周岁）').fill('77');
  await spouse.getByLabel('性别').selectOption({ label: '女' });
  await spouse.getByLabel('能力程度').selectOption({ label: '中度失能' });
  await spouse.getByLabel('失智').selectOption({ label: '否' });
  await spouse.getByLabel('同住').check();
  const son = member(page, 2);
  await son.getByLabel('姓名（必填）').fill('张建国');
  await son.getByLabel('关系（必填）').fill('儿子');
  await son.getByLabel('出生日期').fill('1972-03-01');
  await son.getByLabel('性别').selectOption({ label: '男' });
  await son.getByLabel('健康状况（文字说明）').fill('右腿残疾，在外地打工');
  await son.getByLabel('经常探访').check();

  await page.getByRole('button', { name: '添加紧急联系人' }).click();
  const contact = page.getByRole('group', { name: '第 1 联系人' });
  await contact.getByLabel('姓名（必填）').fill('张建国');
  await contact.getByLabel('关系（必填）').fill('儿子');
  await contact.getByLabel('联系电话（必填）').fill('13900002222');

  await page.getByLabel('空巢').check();
  await page.getByLabel('风险等级').selectOption({ label: '中' });
  await page.getByLabel('评估日期').fill(opened);
  await page.getByLabel('评估人').fill('村委会 李四');
  // A refusal needs its written note: checked before sending.
  await page.getByLabel('接受探访意愿（必填）').selectOption({ label: '拒绝' });
  await page.getByLabel('意愿登记日期').fill(opened);
  await page.getByRole('button', { name: '登记', exact: true }).click();
  await expect(page.locator('[data-field-error="consentNote"]')).toHaveText('老人拒绝探访时请填写书面说明');
  await page.getByLabel('接受探访意愿（必填）').selectOption({ label: '同意' });

  await page.getByRole('button', { name: '登记', exact: true }).click();
  await expect(page.locator('[data-field-error="idNumber"]')).toContainText('校验');
  await expect(page.getByRole('alert')).toContainText('请检查标出的项目');
  await page.getByLabel('身份证号（必填）').fill(idNumber);
  await page.screenshot({ path: `${SCREENS}/elderfile-register-1366.png`, fullPage: true });
  await page.getByRole('button', { name: '登记', exact: true }).click();

  // The new elder's page: the file as registered, the ID number masked.
  await expect(page).toHaveURL(/\/o\/elders\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const file = page.getByTestId('elder-file');
  await expect(file.getByTestId('masked-id')).toHaveText(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
  await expect(file).toContainText(village);
  await expect(file).toContainText('与配偶同住');
  await expect(file).toContainText('1. 张建国（儿子）');
  const elderUrl = page.url();

  // The son's condition is only words: the elder is on the 待核实名单.
  expect(await onCheckList(page, name)).toBe(true);

  // 编辑: the son's disability as data, the elder bedridden a week ago (back-dated, with a reason).
  await page.goto(elderUrl);
  await page.getByRole('link', { name: '编辑档案' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `编辑档案：${name}` })).toBeVisible();
  await expect(page.getByLabel('身份证号（必填）')).toHaveValue(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
  await expect(member(page, 1).getByLabel('姓名（必填）')).toHaveValue('刘桂兰');
  await member(page, 2).getByLabel('残疾等级').selectOption({ label: '3 级' });
  await page.getByLabel('能力程度（必填）').selectOption({ label: '重度失能' });
  const since = addDays(today, -7);
  await expect(page.getByLabel('生效日期')).toHaveValue(today);
  await page.getByLabel('生效日期').fill(since);
  await page.getByLabel('变更原因').fill('补录：上周起卧床');
  await page.getByRole('button', { name: '保存修改' }).click();

  // Back on the page: the change is a dated fact in the timeline, with its reason.
  await expect(page).toHaveURL(elderUrl);
  await expect(page.getByTestId('elder-file')).toContainText('重度失能');
  await expect(page.getByTestId('masked-id')).toHaveText(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
  const timeline = page.getByRole('region', { name: '事实时间线', exact: true });
  const change = timeline.locator(`[data-testid="fact-change"][data-effective="${since}"]`);
  await expect(change).toContainText('能力程度：重度失能');
  await expect(change.getByTestId('backdated')).toHaveText('回溯');
  await expect(change.getByTestId('change-reason')).toHaveText('补录：上周起卧床');

  // The son's condition is recorded now: the elder has left the 待核实名单.
  expect(await onCheckList(page, name)).toBe(false);
  await page.goto(elderUrl);

  // 服务状态: a refusal needs its note; with it, the status and the note show.
  const status = page.getByTestId('status-card');
  await status.getByLabel('新的服务状态').selectOption({ label: '拒绝服务' });
  await status.getByRole('button', { name: '变更服务状态' }).click();
  await expect(status.locator('[data-field-error="note"]')).toHaveText('拒绝服务时请填写说明');
  await status.getByLabel('说明（必填）').fill('老人表示子女常回家，不需要上门探访');
  await status.getByRole('button', { name: '变更服务状态' }).click();
  await expect(status.getByTestId('status-now')).toHaveText(`当前：拒绝服务（自 ${today}）`);
  await expect(status.getByTestId('status-history').locator('li').first()).toHaveText(
    `${today} · 拒绝服务（老人表示子女常回家，不需要上门探访）`,
  );
  await expect(page.getByTestId('elder-file')).toContainText('拒绝服务');

  // 半年复核: recorded today, the next one is due six months on.
  const review = page.getByTestId('review-card');
  await expect(review).toContainText('尚无复核记录');
  await review.getByLabel('复核人').fill('镇民政办 王芳');
  await review.getByLabel('复核意见').fill('信息无变化');
  await review.getByRole('button', { name: '记录复核' }).click();
  await expect(review.getByTestId('review-history').locator('li')).toHaveText([`${today} · 镇民政办 王芳（信息无变化）`]);
  await expect(review.getByTestId('next-review')).toHaveText(`下次复核：${addMonths(today, 6)} 前`);
  await page.screenshot({ path: `${SCREENS}/elderfile-detail-1366.png`, fullPage: true });

  // In English too, with no machine text (checked at each screenshot).
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { name: 'Half-yearly review' })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/elderfile-detail-en.png`, fullPage: true });
  await page.getByRole('link', { name: 'Edit file' }).click();
  await expect(page.getByText('Takes effect on', { exact: true })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/elderfile-edit-en.png`, fullPage: true });
  await page.getByTestId('lang-switch').click();

  // Someone else changes the file while the form is open: saving is refused, in words.
  const elderId = elderUrl.split('/').pop()!;
  const { elder } = await gql<{ elder: { version: number } }>(request, token, 'query($id: String!) { elder(id: $id) { version } }', { id: elderId });
  await gql(
    request,
    token,
    'mutation($id: String!, $v: Int!, $d: LocalDate!) { changeElderStatus(id: $id, version: $v, status: IN_SERVICE, effectiveOn: $d) { version } }',
    { id: elderId, v: elder.version, d: today },
  );
  await page.getByLabel('疾病史').fill('高血压、糖尿病');
  await page.getByRole('button', { name: '保存修改' }).click();
  await expect(page.getByTestId('form-error-note')).toHaveText(
    '保存前，这份档案已被他人修改。您的修改没有保存：请重新打开编辑页面，在最新的档案上再修改一次。',
  );
  await expect(page).toHaveURL(`${elderUrl}/edit`);
});

for (const viewport of [
  { width: 768, height: 1024 },
  { width: 1024, height: 768 },
]) {
  test(`the register form fits a tablet (${viewport.width}×${viewport.height}): one column, large targets, no side scroll`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await signInAsOrganizer(page);
    await page.goto('/o/elders/new');
    await expect(page.getByRole('heading', { level: 1, name: '登记老人档案' })).toBeVisible();
    await page.getByRole('button', { name: '添加家庭成员' }).click();
    await page.getByRole('button', { name: '添加紧急联系人' }).click();
    await page.getByLabel('姓名（必填）').first().fill('平板测试');

    // One column: the fields of a section stand one under the other.
    const name = await page.getByLabel('姓名（必填）').first().boundingBox();
    const id = await page.getByLabel('身份证号（必填）').boundingBox();
    expect(id!.x).toBe(name!.x);
    expect(id!.y).toBeGreaterThan(name!.y);
    // Touch targets of at least 44 px.
    for (const target of [
      page.getByLabel('居住村/社区（必填）'),
      page.getByRole('button', { name: '添加家庭成员' }),
      member(page, 1).getByLabel('年龄（周岁）'),
      page.getByRole('button', { name: '登记', exact: true }),
    ]) {
      expect((await target.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    }
    await expect(page.getByLabel('空巢')).toBeVisible();
    await expectNoSideScroll(page, 'the register form');
    await page.screenshot({ path: `${SCREENS}/elderfile-register-${viewport.width}x${viewport.height}.png`, fullPage: true });
  });
}
