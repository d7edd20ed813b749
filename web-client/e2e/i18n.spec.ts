import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/api';

// Each role's text comes with its screens (src/i18n/parts.ts): the page a volunteer opens loads
// the volunteer's Chinese, not every role's, and each part's English loads when English is
// chosen. Every role must still read in English, whether English was chosen on its open screens
// or before they loaded, and come back to Chinese.

const ROLES: { username: string; path: RegExp; nav: [zh: string, en: string] }[] = [
  { username: 'volunteer', path: /\/v$/, nav: ['探访人员导航', 'Visitor navigation'] },
  { username: 'town.organizer', path: /\/o$/, nav: ['组织者导航', 'Organizer navigation'] },
  { username: 'district.admin', path: /\/d/, nav: ['区民政局导航', 'District admin navigation'] },
  { username: 'school.admin', path: /\/s/, nav: ['学校管理员导航', 'School admin navigation'] },
  { username: 'city.admin', path: /\/c/, nav: ['市级导航', 'City navigation'] },
];

async function expectNav(page: Page, name: string) {
  await expect(page.getByRole('navigation', { name })).toBeVisible();
}

for (const { username, path, nav } of ROLES) {
  test(`${username}: the role's screens switch to English and back, and open in English once chosen`, async ({ page }) => {
    await signIn(page, username);
    await expect(page).toHaveURL(path);
    await expectNav(page, nav[0]);

    // Chosen on the open screens: their part's English is loaded then.
    await page.getByTestId('lang-switch').click();
    await expectNav(page, nav[1]);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    // Chosen before the screens load: the part arrives in Chinese with them, then its English.
    await page.reload();
    await expectNav(page, nav[1]);
    await expect(page.getByText(nav[0])).toHaveCount(0);

    await page.getByTestId('lang-switch').click();
    await expectNav(page, nav[0]);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  });
}

test("the volunteer's later screens (loaded after the slot list) read in English too", async ({ page }) => {
  await signIn(page, 'volunteer');
  await expect(page).toHaveURL(/\/v$/);
  await page.getByTestId('lang-switch').click();
  const tabs = page.getByRole('navigation', { name: 'Visitor navigation' });
  await tabs.getByRole('link', { name: 'Schedule' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Schedule' })).toBeVisible();
  await tabs.getByRole('link', { name: 'Hours' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hours' })).toBeVisible();
  // A screen opened directly, English chosen: its code and its text load after the page.
  await page.goto('/v/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Notification settings' })).toBeVisible();
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { level: 1, name: '通知设置' })).toBeVisible();
});
