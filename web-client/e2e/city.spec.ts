import { readFileSync } from 'node:fs';
import { expect, test } from './support/test';
import { beijingToday, expectNoSideScroll, gql, signIn, tokenOf } from './support/api';

test.use({ viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

const OVERVIEW = `query($m: String!) { cityOverview(month: $m) { name districts { name packName
  coverage { visitRate } } } }`;

function percent(rate: number | null | undefined): string {
  return rate == null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

test('a city admin lands on the city desk, sees its five districts on their own packs and exports the roll-up', async ({ page, request }) => {
  test.setTimeout(60_000);
  const month = beijingToday().day.slice(0, 7);
  const token = await tokenOf(request, 'city.admin');
  const data = await gql<{
    cityOverview: { name: string; districts: { name: string; packName: string | null; coverage: { visitRate: number | null } | null }[] };
  }>(request, token, OVERVIEW, { m: month });
  const districts = data.cityOverview.districts;
  // The demo district and one district per other pack (api/src/demo/city.rs), by code.
  expect(districts.map((d) => d.name)).toEqual(['示范五区', '示范四区', '示范三区', '示范二区', '示范区']);

  await signIn(page, 'city.admin');
  await expect(page).toHaveURL(/\/c$/);
  await expect(page.getByRole('heading', { level: 1, name: '各区县汇总' })).toBeVisible();
  const table = page.getByRole('table', { name: `${data.cityOverview.name} 各区县汇总` });
  await expect(table.locator('tbody tr')).toHaveCount(5);
  for (const d of districts) {
    const row = table.locator(`tr[data-district="${d.name}"]`);
    await expect(row).toContainText(d.packName ?? '未选择政策包');
    await expect(row.locator('[data-testid="visit-rate"]')).toHaveText(percent(d.coverage?.visitRate));
  }
  // Five different packs side by side.
  expect(new Set(districts.map((d) => d.packName)).size).toBe(5);
  await page.screenshot({ path: 'test-results/screens/city-desk.png', fullPage: true });
  await expectNoSideScroll(page);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
  expect(download.suggestedFilename()).toBe(`city-${month}.xlsx`);
  const path = await download.path();
  // An xlsx file is a zip: it starts with PK.
  expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK');

  // The city has no elder screens.
  await page.goto('/d');
  await expect(page).not.toHaveURL(/\/d\/.+/);
  await expect(page.getByRole('heading', { level: 1, name: '政策' })).toHaveCount(0);
});
