import { expect, test } from './support/test';

test.use({ viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

test('GraphiQL opens with nothing from the internet and runs the README’s login', async ({ page }) => {
  // Everything not from our own server is refused and remembered.
  const foreign: string[] = [];
  const ours = new URL(test.info().project.use.baseURL ?? process.env.TANFANG_E2E_BASE_URL ?? '').host;
  await page.route(
    (url) => url.host !== ours && !url.protocol.startsWith('data') && !url.protocol.startsWith('blob'),
    (route) => {
      foreign.push(route.request().url());
      return route.abort();
    },
  );
  await page.goto('/graphiql');
  await expect(page.locator('.graphiql-container')).toBeVisible();
  // The welcome query is the README's login; running it answers with a token.
  await expect(page.locator('.graphiql-query-editor')).toContainText('login(username: "town.organizer"');
  await page.getByRole('button', { name: /Execute query/ }).click();
  await expect(page.locator('.graphiql-response')).toContainText('accessToken', { timeout: 15_000 });
  expect(foreign).toEqual([]);
  await page.screenshot({ path: 'test-results/screens/graphiql.png' });
});
