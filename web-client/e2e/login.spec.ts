import { expect, test } from './support/test';
import { expectNoSideScroll, PASSWORD, signIn } from './support/api';

// Failed logins are throttled per account: wrong passwords use an account no other test signs in with.
const THROTTLE_VICTIM = 'senior.volunteer';

test.beforeEach(async ({ page }) => {
  // Start each test signed out and in Chinese.
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
});

test('a volunteer signs in and lands on the volunteer screens', async ({ page }) => {
  await signIn(page, 'volunteer');
  await expect(page).toHaveURL(/\/v$/);
  await expect(page.getByRole('heading', { level: 1, name: '时段' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/volunteer-home.png' });
  const tabs = page.getByRole('navigation', { name: '探访人员导航' });
  await expect(tabs.getByRole('link', { name: '日程' })).toBeVisible();
  await tabs.getByRole('link', { name: '时长' }).click();
  await expect(page).toHaveURL(/\/v\/hours$/);

  // A deep link survives a reload (the server answers it with index.html).
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '时长' })).toBeVisible();
  // The volunteer's record besides hours: the demo volunteer attended their town's training.
  const record = page.getByTestId('my-training-record');
  await expect(record.getByRole('heading', { name: '培训、表彰与评价' })).toBeVisible();
  await expect(record).toContainText('探访关爱业务培训');

  // 360 px: nothing scrolls sideways.
  await expectNoSideScroll(page);

  // Sign-out is in the account menu under the person's name.
  await page.getByTestId('account-menu').click();
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login$/);
});

test('an organizer lands on the organizer screens', async ({ page }) => {
  await signIn(page, 'town.organizer');
  await expect(page).toHaveURL(/\/o$/);
  await expect(page.getByRole('navigation', { name: '组织者导航' }).getByRole('link', { name: '老人档案' })).toBeVisible();
});

test('a wrong password shows the API error in Chinese', async ({ page }) => {
  await signIn(page, THROTTLE_VICTIM, 'wrong-password');
  await expect(page.getByRole('alert')).toContainText('用户名或密码错误');
  await expect(page).toHaveURL(/\/login$/);
});

test('empty fields are marked before anything is sent', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByLabel('用户名')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('[data-field-error="username"]')).toHaveText('请填写此项');
});

test('the language switch turns the UI to English and is remembered', async ({ page }) => {
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByLabel('Username')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

  await page.getByLabel('Username').fill(THROTTLE_VICTIM);
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong username or password');
  await page.screenshot({ path: 'test-results/screens/login-en.png', fullPage: true });

  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
});

test('a session the server no longer accepts goes back to sign-in', async ({ page }) => {
  await page.evaluate(() => {
    const account = { id: 'x', username: 'volunteer', displayName: '志愿者', role: 'VISITOR', areaCode: null };
    const session = { accessToken: 'stale', accessExpiresAt: '2020-01-01T00:00:00Z', refreshToken: 'stale', account };
    localStorage.setItem('tanfang.session', JSON.stringify(session));
  });
  await page.goto('/v/schedule');
  await expect(page).toHaveURL(/\/login$/);
  // …and signing in returns to the page that was asked for.
  await page.getByLabel('用户名').fill('volunteer');
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/v\/schedule$/);
});

test('screenshot of the sign-in page', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/login.png', fullPage: true });
});

test('after too many failed sign-ins the page says when to try again', async ({ page }) => {
  // A name of no account: it is locked like any other, so nobody else is disturbed.
  for (let i = 0; i < 5; i++) await signIn(page, 'no.such.person', 'wrong-password-1');
  await expect(page.getByRole('alert')).toContainText(/请在北京时间 \d{2}:\d{2} 之后再试/);
  await page.screenshot({ path: 'test-results/screens/login-locked.png' });
});
