/**
 * 家属 on a phone (360 px): the demo family account reads the visits its elder agreed to share
 * (when, how, who — never what was recorded) and the elder's responsible contact with a number
 * to call.
 */
import { randomUUID } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './support/test';
import { beijingIso, expectNoSideScroll, gql, signIn, tokenOf } from './support/api';
import { now } from './support/clock';

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

const SCREENS = 'test-results/screens';
/** A key, path, code or UUID as it would leak onto a screen. */
const RAW = /[0-9a-f]{8}-[0-9a-f]{4}-|\b[a-z]+[A-Z][a-zA-Z]*\b|\b[a-z]+_[a-z_]+\b|\b[A-Z]{2,}_[A-Z]{2,}\b/;

interface Setup {
  elderName: string;
  contactName: string;
  contactPhone: string;
}

/**
 * A staff member of the family's elder's village (made by the district for this spec) enters a
 * paper record of a visit three days ago and names themself the elder's responsible contact
 * (the API: what this spec is about is the family's page).
 */
async function sharedVisit(request: APIRequestContext): Promise<Setup> {
  const family = await tokenOf(request, 'family');
  const admin = await tokenOf(request, 'district.admin');
  const { me } = await gql<{ me: { elderId: string; areaCode: string } }>(request, family, '{ me { elderId areaCode } }');
  const { myElder } = await gql<{ myElder: { name: string } }>(request, family, '{ myElder { name } }');
  const suffix = randomUUID().slice(0, 6);
  const contactName = '村委会李敏';
  const contactPhone = '13600001234';
  const username = `family.contact.${suffix}`;
  const { createStaffAccount } = await gql<{ createStaffAccount: { id: string } }>(
    request,
    admin,
    'mutation($i: StaffAccountInput!) { createStaffAccount(input: $i) { id } }',
    {
      i: {
        username,
        displayName: contactName,
        password: 'tanfang-demo-2026',
        role: 'VILLAGE_STAFF',
        areaCode: me.areaCode,
        phone: contactPhone,
      },
    },
  );
  const staff = await tokenOf(request, username);
  const end = new Date(now().getTime() - 3 * 86_400_000);
  end.setUTCHours(2, 40, 0, 0);
  const start = new Date(end.getTime() - 30 * 60_000);
  const person = { id: createStaffAccount.id, name: contactName };
  const record = {
    formatVersion: '1.2.0',
    submissionId: randomUUID(),
    elderId: me.elderId,
    startedAt: beijingIso(start),
    endedAt: beijingIso(end),
    mode: 'in_person',
    visitor: person,
    problemsFound: '老人说膝盖疼，家中无人照看。',
    confirmation: {
      visitor: { confirmedAt: beijingIso(end) },
      elder: { method: 'signed_paper', confirmedAt: beijingIso(end) },
      enteredBy: { person, enteredAt: beijingIso(now()) },
    },
  };
  await gql(request, staff, 'mutation($r: String!) { enterPaperRecord(record: $r) { record { id } } }', {
    r: JSON.stringify(record),
  });
  await gql(request, staff, 'mutation($e: String!, $c: String!) { pairElder(elderId: $e, contactUserId: $c) { name } }', {
    e: me.elderId,
    c: createStaffAccount.id,
  });
  return { elderName: myElder.name, contactName, contactPhone };
}

test('the family reads the shared visits and whom to call', async ({ page, request }) => {
  const setup = await sharedVisit(request);
  await signIn(page, 'family');
  await expect(page).toHaveURL(/\/f$/);
  await expect(page.getByRole('heading', { level: 1, name: '探访情况' })).toBeVisible();
  await expect(page.getByText(setup.elderName)).toBeVisible();

  const contact = page.getByTestId('family-contact');
  await expect(contact).toContainText(setup.contactName);
  await expect(contact).toContainText('专人结对');
  const call = contact.getByRole('link', { name: `拨打电话 ${setup.contactName}` });
  await expect(call).toHaveAttribute('href', `tel:${setup.contactPhone}`);

  const visits = page.getByTestId('family-visits').getByRole('listitem');
  await expect(visits.first()).toBeVisible();
  const visit = visits.filter({ hasText: '探访人：村**' });
  await expect(visit.first()).toContainText('上门探访');
  await expect(visit.first()).toContainText(/第 \d+ 次探访/);
  await expect(visit.first()).toContainText('已记录，待镇街审核');
  // What the visitor recorded stays with the town.
  await expect(page.getByText('膝盖疼')).toHaveCount(0);

  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(RAW);
  await expectNoSideScroll(page);
  await page.screenshot({ path: `${SCREENS}/family.png`, fullPage: true });
});
