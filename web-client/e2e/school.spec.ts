import { readFileSync } from 'node:fs';
import { expect, test } from './support/test';
import { expectNoSideScroll, gql, signIn, tokenOf } from './support/api';
import { acceptedStudentVisit, currentTerm } from './support/school';

const STUDENT = '王同学';

test('a school admin sees a student’s hours, partly certifies them and issues the certificate and CSV', async ({ page, request }) => {
  test.setTimeout(90_000);
  const term = currentTerm();
  // Set-up: the demo student has an accepted visit this term.
  await acceptedStudentVisit(request);
  const admin = await tokenOf(request, 'school.admin');
  const { schoolServiceHours } = await gql<{
    schoolServiceHours: { studentName: string; recordedMinutes: number; certification: unknown }[];
  }>(request, admin, 'query($t: String!) { schoolServiceHours(term: $t) { studentName recordedMinutes certification { id } } }', { t: term });
  const row = schoolServiceHours.find((r) => r.studentName === STUDENT);
  expect(row, 'the student has hours this term').toBeTruthy();
  expect(row!.certification, 'not certified yet').toBeNull();
  const recorded = row!.recordedMinutes;
  expect(recorded).toBeGreaterThan(15);
  const certified = recorded - 15;

  await signIn(page, 'school.admin');
  await expect(page).toHaveURL(/\/s$/);
  await expect(page.getByRole('heading', { level: 1, name: '学生' })).toBeVisible();
  await expect(page.getByRole('cell', { name: STUDENT })).toBeVisible();

  // 时长: the student's minutes for the current term.
  const nav = page.getByRole('navigation', { name: '学校管理员导航' });
  await nav.getByRole('link', { name: '时长' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '时长' })).toBeVisible();
  const hoursRow = page.locator(`tr[data-student="${STUDENT}"]`);
  await expect(hoursRow.getByTestId('recorded-minutes')).toContainText(`${recorded} 分钟`);
  await expect(hoursRow).toContainText('去认定');
  await page.screenshot({ path: 'test-results/screens/school-hours.png', fullPage: true });
  await expectNoSideScroll(page);

  // 认定: partly approve; without a comment the server's error shows under the comment field.
  await hoursRow.getByRole('link', { name: '去认定' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '认定' })).toBeVisible();
  // The credit rule form shows the school's current rule, as the API has it; the header its name.
  const { mySchool } = await gql<{ mySchool: { name: string; minutesPerCredit: number } }>(
    request,
    admin,
    '{ mySchool { name minutesPerCredit } }',
  );
  const perCredit = mySchool.minutesPerCredit;
  const current = page.getByTestId('credit-rule-current');
  await expect(current).toHaveAttribute('data-minutes', String(perCredit));
  await expect(current).toHaveText(`当前规则：每 ${perCredit} 分钟（${Math.round((perCredit / 60) * 10) / 10} 小时）计 1 学分`);
  await expect(page.getByLabel('每学分分钟数')).toHaveValue(String(perCredit));
  await expect(page.getByTestId('school-name')).toContainText(mySchool.name);
  const form = page.locator(`form[data-student="${STUDENT}"]`);
  await form.getByLabel('部分认定').check();
  await form.getByLabel('认定时长（分钟）').fill(String(certified));
  await form.getByRole('button', { name: '提交认定' }).click();
  const commentError = form.locator('[data-field-error="comment"]');
  await expect(commentError).toBeVisible();
  await expect(form.getByLabel('说明')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: 'test-results/screens/school-certify-error.png', fullPage: true });
  await expectNoSideScroll(page);
  await form.getByLabel('说明').fill('一次探访未附照片，部分认定');
  await form.getByRole('button', { name: '提交认定' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已认定' })).toContainText(`${STUDENT}：${certified} 分钟`);
  await expect(page.locator(`form[data-student="${STUDENT}"]`)).toHaveCount(0);

  // 证明: listed, printable (the HTML opens in a new tab), and exported as CSV.
  await nav.getByRole('link', { name: '证明' }).click();
  const certRow = page.locator(`li[data-student="${STUDENT}"]`);
  await expect(certRow).toContainText('部分认定');
  await expect(certRow.getByTestId('certified-minutes')).toContainText(`${certified} 分钟`);
  const number = (await certRow.getByTestId('certificate-no').innerText()).trim();
  // Numbered as a school prints it: the term's year and season, then the sequence (2026秋-00001).
  expect(number).toMatch(new RegExp(`^${term.slice(0, 4)}${term.endsWith('autumn') ? '秋' : '春'}-\\d{5}$`));
  await page.screenshot({ path: 'test-results/screens/school-certificates.png', fullPage: true });
  await expectNoSideScroll(page);

  const popupPromise = page.waitForEvent('popup');
  await certRow.getByRole('button', { name: '打印证明' }).click();
  const popup = await popupPromise;
  await popup.waitForURL(/^blob:/);
  await expect(popup.locator('body')).toContainText('志愿服务记录证明');
  await expect(popup.locator('body')).toContainText(STUDENT);
  await expect(popup.locator('body')).toContainText(number);
  await popup.close();

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 CSV' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe(`certificates-${term}.csv`);
  const csv = readFileSync(await download.path(), 'utf8');
  const line = csv.split('\n').find((l) => l.includes(STUDENT));
  expect(line, csv).toBeTruthy();
  expect(line!.startsWith(number)).toBe(true);
  expect(line).toContain(`,${term},${certified},`);

  // The API agrees: certified once, with the minutes chosen.
  const { serviceCertificates } = await gql<{ serviceCertificates: { certificateNo: string; certifiedMinutes: number; decision: string }[] }>(
    request,
    admin,
    'query($t: String!) { serviceCertificates(term: $t) { certificateNo certifiedMinutes decision } }',
    { t: term },
  );
  expect(serviceCertificates.find((c) => c.certificateNo === number)).toMatchObject({ certifiedMinutes: certified, decision: 'PARTLY_APPROVE' });

  // Desk layout, but nothing scrolls sideways at 360 px.
  await expectNoSideScroll(page);
});

/** A valid 18-digit ID number (GB 11643 check digit). */
function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

test('a school admin registers a student; a wrong ID number is shown next to its field', async ({ page }) => {
  const seq = String(100 + (Date.now() % 800)).padStart(3, '0');
  const valid = idNumber(`50019920070301${seq}`);
  const wrong = valid.slice(0, 17) + (valid.endsWith('0') ? '1' : '0');
  const username = `student.e2e.${seq}`;
  await signIn(page, 'school.admin');
  await expect(page.getByRole('heading', { level: 1, name: '学生' })).toBeVisible();
  await page.getByRole('button', { name: '登记学生' }).click();
  const form = page.getByRole('form', { name: '登记新学生' });
  await form.getByLabel('姓名', { exact: true }).fill('李同学');
  await form.getByLabel('身份证号', { exact: true }).fill(wrong);
  await form.getByLabel('用户名', { exact: true }).fill(username);
  await form.getByLabel('初始密码', { exact: true }).fill('student-pass-2026');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(form.locator('[data-field-error="idNumber"]')).toBeVisible();
  await form.getByLabel('身份证号', { exact: true }).fill(valid);
  await form.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status')).toContainText('已登记学生 李同学');
  await expect(page.getByRole('row').filter({ hasText: username })).toContainText('李同学');
  await page.screenshot({ path: 'test-results/screens/school-students.png', fullPage: true });
  await expectNoSideScroll(page);
});
