/**
 * 审核 and 风险 at a desk (1366 px): the town organizer reviews a submitted record and sees
 * every section the visitor filled in, in the order of the district's paper form (渝北附件3),
 * each value in words, with the record's human number; accepts it; and gives the case the
 * record opened to a person picked from the area's staff, then moves its referral on.
 */
import { randomUUID } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './support/test';
import { beijingIso, beijingToday, gql, signIn, tokenOf } from './support/api';
import { now } from './support/clock';
import { idNumber } from './support/organizer';

test.use({ viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

const SCREENS = 'test-results/screens';

/** A key, path, code or UUID as it would leak onto a screen. */
const RAW = /[0-9a-f]{8}-[0-9a-f]{4}-|\b[a-z]+[A-Z][a-zA-Z]*\b|\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z]+=/;

interface Setup {
  recordId: string;
  elderName: string;
  staffName: string;
}

/**
 * A new elder in the demo village staff's village, and a record of a visit to them with every
 * section filled in, entered by the town organizer from the paper form (the API, not what this
 * spec is about). Its 用电 不安全 opens a case.
 */
async function fullRecord(request: APIRequestContext): Promise<Setup> {
  const organizer = await tokenOf(request, 'town.organizer');
  const staff = await tokenOf(request, 'village.staff');
  const volunteer = await tokenOf(request, 'volunteer');
  type Me = { me: { id: string; displayName: string; areaCode: string } };
  const { me: org } = await gql<Me>(request, organizer, '{ me { id displayName areaCode } }');
  const { me: staffMe } = await gql<Me>(request, staff, '{ me { id displayName areaCode } }');
  const { me: vol } = await gql<Me>(request, volunteer, '{ me { id displayName areaCode } }');
  const elderName = `审核全表老人${Math.floor(Math.random() * 900) + 100}`;
  const { day } = beijingToday();
  const opened = `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`;
  const { createElder } = await gql<{ createElder: { id: string } }>(
    request,
    organizer,
    'mutation($i: ElderFileInput!) { createElder(input: $i) { id } }',
    {
      i: {
        name: elderName,
        idNumber: idNumber(org.areaCode.slice(0, 6), 100 + Math.floor(Math.random() * 800)),
        villageCode: staffMe.areaCode,
        residenceAddress: '三组 12 号',
        urbanRural: 'RURAL',
        abilityLevel: 'INTACT',
        economicStatus: 'ORDINARY',
        livingArrangement: 'ALONE',
        consent: 'CONSENTED',
        consentRecordedOn: opened,
      },
    },
  );
  // Two days ago, 15:10–15:50 Beijing time: clear of the other specs' visits.
  const end = new Date(now().getTime() - 2 * 86_400_000);
  end.setUTCHours(7, 50, 0, 0);
  const start = new Date(end.getTime() - 40 * 60_000);
  const visitor = { id: vol.id, name: vol.displayName };
  const g = (scale: string, value: string) => ({ scale, value });
  const record = {
    formatVersion: '1.2.0',
    submissionId: randomUUID(),
    elderId: createElder.id,
    startedAt: beijingIso(start),
    endedAt: beijingIso(end),
    mode: 'in_person',
    organisation: { name: '示范社会工作服务中心' },
    visitor,
    household: { added: 0, removed: 1, note: '孙子外出务工' },
    health: {
      expression: g('change', 'unchanged'),
      mobility: g('change', 'worse'),
      illness: g('illness_change', 'unchanged'),
      illnessName: '高血压',
    },
    mental: { mood: g('change', 'better') },
    safety: { gas: g('safety', 'safe'), heating: g('safety', 'fairly_safe'), electricity: g('safety', 'unsafe') },
    hygiene: { personal: g('change', 'unchanged'), household: g('change', 'unchanged') },
    environment: { indoor: g('change', 'unchanged') },
    economy: { difficulties: '冬季取暖费用高' },
    support: { childrenVisitOften: false, maintenanceFulfilled: true, hasCarer: true },
    needs: [
      { need: 'medical_assistance', needed: true, met: false, note: '需每月代购降压药' },
      { need: 'emotional_comfort', needed: true, met: true },
    ],
    needsNote: '想要助听器',
    childrenReturn: { plannedDate: `${Number(day.slice(0, 4)) + 1}-01-25`, note: '春节前返乡' },
    problemsFound: '厨房插线板老化，电线裸露。',
    servicesGiven: [{ description: '更换插线板，讲解用电安全。' }],
    referrals: [{ target: 'medical', detail: '转介家庭医生上门测血压', urgent: false }],
    suggestions: '下次探访复查用电。',
    satisfaction: { rating: 'basically_satisfied', comment: '希望多来看看' },
    confirmation: {
      visitor: { confirmedAt: beijingIso(end) },
      elder: { method: 'signed_paper', confirmedAt: beijingIso(end) },
      enteredBy: { person: { id: org.id, name: org.displayName }, enteredAt: beijingIso(now()) },
    },
  };
  const { enterPaperRecord } = await gql<{ enterPaperRecord: { record: { id: string; status: string } } }>(
    request,
    organizer,
    'mutation($r: String!) { enterPaperRecord(record: $r) { record { id status } } }',
    { r: JSON.stringify(record) },
  );
  expect(enterPaperRecord.record.status).toBe('SUBMITTED');
  return { recordId: enterPaperRecord.record.id, elderName, staffName: staffMe.displayName };
}

test('an organizer reviews the whole record in words, accepts it, and gives its case to a person picked from a list', async ({ page, request }) => {
  const setup = await fullRecord(request);
  await signIn(page, 'town.organizer');
  await expect(page).toHaveURL(/\/o$/);

  // The queue: the record under its human number, never an id.
  await page.getByRole('link', { name: '审核' }).click();
  const card = page.getByTestId('review-queue').locator('li', { hasText: setup.elderName });
  await expect(card).toContainText(/记录编号 \d{4}-\d{6}/);
  await expect(card).toContainText('第 1 次探访');
  await card.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/o/review/${setup.recordId}$`));
  await expect(page.getByTestId('record-no')).toHaveText(/^\d{4}-\d{6}$/);

  // Every section, in 渝北附件3's order, each value in words.
  const content = page.getByTestId('record-content');
  await expect(content).toContainText('按本区纸质表《');
  await expect(content.locator('h3')).toHaveText([
    '探访情况',
    '家庭状况',
    '健康状况',
    '精神状态',
    '安全情况',
    '卫生状况',
    '居住环境',
    '服务需求',
    '经济状况',
    '赡养与照料',
    '发现的问题',
    '转介',
    '实施关爱服务建议',
    '关爱服务情况',
    '老年人服务满意度评价',
    '子女返乡情况',
    '签字确认',
  ]);
  const row = (section: string, label: string) =>
    page.getByTestId(`record-section-${section}`).locator('.org-dl-row', { has: page.locator('dt', { hasText: label }) }).locator('dd');
  await expect(row('visit', '探访方式')).toHaveText('上门探访');
  await expect(row('household', '家庭人口')).toHaveText('增加 0 人，减少 1 人');
  await expect(row('health', '行动能力')).toHaveText('较差');
  await expect(row('health', '疾病名称')).toHaveText('高血压');
  await expect(row('safety', '水暖安全')).toHaveText('较安全');
  await expect(row('safety', '用电安全')).toHaveText('不安全');
  await expect(row('support', '子女经常看望或问候')).toHaveText('否');
  await expect(row('needs', '助医')).toHaveText('有需求，未满足 · 需每月代购降压药');
  await expect(row('needs', '其它需求')).toHaveText('想要助听器');
  await expect(row('referrals', '转介至')).toHaveText('医疗卫生 · 转介家庭医生上门测血压');
  await expect(row('services', '关爱服务')).toHaveText('更换插线板，讲解用电安全。');
  await expect(row('satisfaction', '满意度')).toHaveText('基本满意');
  await expect(row('confirmation', '老人确认方式')).toHaveText('已在纸质表上签字（原件存档）');
  const shown = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
  expect(shown).not.toMatch(RAW);
  await page.screenshot({ path: `${SCREENS}/review-record-1366.png`, fullPage: true });

  // 通过.
  await page.getByRole('radio', { name: '通过', exact: true }).check();
  await page.getByLabel('审核意见').fill('内容完整，已电话核实');
  await page.getByTestId('submit-review').click();
  await expect(page).toHaveURL(/\/o\/review$/);
  await expect(page.getByText('审核已提交：已通过')).toBeVisible();

  // The case it opened: 依据 in the form's words; the owner picked from the area's staff.
  await page.goto(`/o/review/${setup.recordId}`);
  await expect(page.getByTestId('record-status')).toHaveText('已通过');
  await page.getByRole('link', { name: '居家安全隐患' }).click();
  await expect(page.getByTestId('case-evidence')).toHaveText('安全隐患·用电：不安全');
  const owner = page.getByLabel('负责人', { exact: true });
  await expect(owner.locator('option')).toContainText([`${setup.staffName}（村(居)工作人员）`]);
  await owner.selectOption({ label: `${setup.staffName}（村(居)工作人员）` });
  await page.getByRole('button', { name: '指定', exact: true }).click();
  await expect(page.getByTestId('case-owner')).toHaveText(setup.staffName);

  // A referral added from the case, then moved on.
  await page.getByLabel('转介说明').fill('联系电工上门更换线路');
  await page.getByRole('button', { name: '转介', exact: true }).click();
  const referral = page.getByTestId('case-referrals').locator('li', { hasText: '联系电工上门更换线路' });
  await expect(referral.getByTestId('referral-status')).toHaveText('已转介');
  await referral.getByLabel('更新状态').selectOption({ label: '已接收' });
  await referral.getByLabel('进展说明').fill('社工站已接收，明天上门');
  await referral.getByRole('button', { name: '更新转介' }).click();
  await expect(referral.getByTestId('referral-status')).toHaveText('已接收');
  await expect(referral).toContainText('社工站已接收，明天上门');
  expect((await page.locator('main').innerText()).replace(/\s+/g, ' ')).not.toMatch(RAW);
  await page.screenshot({ path: `${SCREENS}/review-case-1366.png`, fullPage: true });
});
