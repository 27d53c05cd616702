import { type APIRequestContext, expect, type Page, test } from '@playwright/test';

const basic = (u: string, p: string) => ({
  Authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`,
});
const ADMIN = basic('admin', 'inventree');

async function signIn(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${username}` })).toBeVisible();
}

async function post(request: APIRequestContext, url: string, data: unknown): Promise<{ pk: number }> {
  const r = await request.post(url, { headers: ADMIN, data });
  expect(r.status(), `${url}: ${await r.text()}`).toBe(201);
  return (await r.json()) as { pk: number };
}

test('admin receives, transfers and counts stock with its history and chart; a reader only looks', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const partName = `Bracket ${stamp}`;
  const store = `Store ${stamp}`;
  const shelf = `Shelf ${stamp}`;
  const bench = `Bench ${stamp}`;

  // The part and locations come from the API (their pages are tested elsewhere).
  const part = await post(request, '/api/part/', { name: partName, description: 'Steel bracket' });
  const storeLoc = await post(request, '/api/stock/location/', { name: store, structural: true });
  const shelfLoc = await post(request, '/api/stock/location/', { name: shelf, parent: storeLoc.pk });
  const benchLoc = await post(request, '/api/stock/location/', { name: bench });

  await signIn(page, 'admin', 'inventree');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stock' }).click();
  await expect(page).toHaveURL(/\/stock$/);

  // Receive 10 into the shelf (the form opened from the shelf knows part and location).
  await page.goto(`/stock/new?part=${part.pk}&location=${shelfLoc.pk}`);
  const receive = page.getByTestId('receive-form');
  await expect(receive.getByLabel('Location')).toHaveValue(String(shelfLoc.pk));
  await receive.getByLabel('Quantity').fill('10');
  await receive.getByLabel('Batch code').fill(`B-${stamp}`);
  await receive.getByRole('button', { name: 'Receive stock' }).click();
  await expect(page).toHaveURL(/\/stock\/item\/\d+$/);
  const itemId = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByTestId('item-details')).toContainText(partName);
  await expect(page.getByTestId('item-quantity')).toHaveText('10');
  await expect(page.getByTestId('breadcrumbs')).toContainText(store);
  await expect(page.getByTestId('breadcrumbs')).toContainText(shelf);

  // The location list: the tree opens down to the shelf, and the item is listed under the store
  // (cascade) with its status badge.
  await page.goto(`/stock?location=${storeLoc.pk}`);
  await expect(page.getByTestId('location-tree').getByRole('link', { name: store })).toHaveAttribute(
    'aria-current',
    'page',
  );
  const row = page.getByTestId('stock-row').filter({ hasText: partName });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('status-badge')).toHaveText('OK');
  await page.getByLabel('Search stock').fill(`B-${stamp}`);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByTestId('stock-row')).toHaveCount(1);

  // Transfer 4 to the bench: a new item there, 6 left here.
  await page.goto(`/stock/item/${itemId}`);
  await page.getByTestId('transfer-dialog').getByText('Transfer stock').click();
  const transfer = page.getByTestId('transfer-form');
  await transfer.getByLabel('Destination').selectOption(String(benchLoc.pk));
  await transfer.getByLabel('Quantity').fill('4');
  await transfer.getByRole('button', { name: 'Transfer' }).click();
  await expect(page.getByTestId('item-quantity')).toHaveText('6');
  await page.goto(`/stock?location=${benchLoc.pk}`);
  await expect(page.getByTestId('stock-row').filter({ hasText: partName })).toContainText('4');

  // Count it: 5 found.
  await page.goto(`/stock/item/${itemId}`);
  await page.getByTestId('count-dialog').getByText('Count stock').click();
  const count = page.getByTestId('count-form');
  await count.getByLabel('Counted quantity').fill('5');
  await count.getByLabel('Notes').fill('Annual stocktake');
  await count.getByRole('button', { name: 'Count' }).click();
  await expect(page.getByTestId('item-quantity')).toHaveText('5');

  // The ledger and the chart.
  await page.goto(`/stock/item/${itemId}?tab=history`);
  const history = page.getByTestId('tracking-entry');
  await expect(history.filter({ hasText: 'Stock item created' })).toHaveCount(1);
  await expect(history.filter({ hasText: 'Split child item' })).toHaveCount(1);
  await expect(history.filter({ hasText: 'Stock counted' })).toContainText('Annual stocktake');
  await expect(history.filter({ hasText: 'Stock counted' })).toContainText('admin');
  await expect(page.getByTestId('quantity-chart').locator('[data-testid="quantity-point"]')).toHaveCount(3);

  // A reader sees the item but no adjustment controls, and the API refuses the adjustment.
  const other = await browser.newContext();
  const reader = await other.newPage();
  await signIn(reader, 'reader', 'readonly');
  await reader.goto(`/stock/item/${itemId}`);
  await expect(reader.getByTestId('item-details')).toContainText(partName);
  await expect(reader.getByTestId('item-quantity')).toHaveText('5');
  await expect(reader.getByTestId('stock-actions')).toHaveCount(0);
  await expect(reader.getByTestId('count-form')).toHaveCount(0);
  await expect(reader.getByTestId('transfer-form')).toHaveCount(0);
  await reader.goto(`/stock?location=${shelfLoc.pk}`);
  await expect(reader.getByTestId('stock-row').filter({ hasText: partName })).toBeVisible();
  await expect(reader.getByRole('link', { name: 'New stock item' })).toHaveCount(0);
  await expect(reader.getByRole('link', { name: 'Edit location' })).toHaveCount(0);
  expect((await reader.goto(`/stock/new?part=${part.pk}`))?.status()).toBe(403);
  const add = await reader.request.post('/api/stock/add/', {
    headers: basic('reader', 'readonly'),
    data: { items: [{ pk: Number(itemId), quantity: 1 }] },
  });
  expect(add.status()).toBe(403);
  await other.close();
});

test('admin makes locations with the forms, receives serials, installs one by its serial and changes status', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const cabinet = `Cabinet ${stamp}`;
  const board = await post(request, '/api/part/', {
    name: `Board ${stamp}`,
    trackable: true,
    assembly: true,
  });
  const chip = await post(request, '/api/part/', { name: `Chip ${stamp}`, trackable: true, component: true });
  await signIn(page, 'admin', 'inventree');

  // A location through its form, then edited.
  await page.goto('/stock');
  await page.getByRole('link', { name: 'New location' }).click();
  const form = page.getByTestId('location-form');
  await form.getByLabel('Name').fill(cabinet);
  await form.getByLabel('Description').fill('Grey cabinet');
  await form.getByRole('button', { name: 'Create location' }).click();
  await expect(page.getByRole('heading', { name: cabinet })).toBeVisible();
  const locationId = new URL(page.url()).searchParams.get('location')!;
  await page.getByRole('link', { name: 'Edit location' }).click();
  await page.getByTestId('location-form').getByLabel('Description').fill('Grey steel cabinet');
  await page.getByTestId('location-form').getByLabel('External').check();
  await page.getByRole('button', { name: 'Save location' }).click();
  await expect(page).toHaveURL(new RegExp(`/stock\\?location=${locationId}$`));
  await expect(page.getByTestId('location-summary')).toContainText('Grey steel cabinet');
  await expect(page.getByTestId('location-summary')).toContainText('external');

  // Three serialized chips in one go (InvenTree's grammar), and one board.
  await page.goto(`/stock/new?part=${chip.pk}&location=${locationId}`);
  let receive = page.getByTestId('receive-form');
  await receive.getByLabel('Quantity').fill('3');
  await receive.getByLabel('Serial numbers').fill('100+2');
  await receive.getByRole('button', { name: 'Receive stock' }).click();
  await expect(page).toHaveURL(new RegExp(`/stock\\?location=${locationId}$`));
  await expect(page.getByTestId('stock-row').filter({ hasText: `Chip ${stamp}` })).toHaveCount(3);
  await page.goto(`/stock?location=${locationId}&serialized=true&search=${stamp}`);
  await expect(page.getByTestId('stock-row')).toHaveCount(3);

  await page.goto(`/stock/new?part=${board.pk}&location=${locationId}`);
  receive = page.getByTestId('receive-form');
  await receive.getByLabel('Quantity').fill('1');
  await receive.getByLabel('Serial numbers').fill('7');
  await receive.getByRole('button', { name: 'Receive stock' }).click();
  await expect(page).toHaveURL(/\/stock\/item\/\d+$/);
  const boardItem = new URL(page.url()).pathname.split('/').pop()!;

  // Install chip 101, named by its serial (and part, since serials are per part).
  await page.getByTestId('install-dialog').getByText('Install item').click();
  const install = page.getByTestId('install-form');
  await install.getByLabel('Stock item').fill('101');
  await install.getByLabel('Part (for a serial number)').fill(String(chip.pk));
  await install.getByRole('button', { name: 'Install' }).click();
  await expect(install.getByText('Installed.')).toBeVisible();
  await page.goto(`/stock/item/${boardItem}?tab=installed`);
  const installed = page.getByTestId('installed-row');
  await expect(installed).toHaveCount(1);
  await expect(installed).toContainText(`Chip ${stamp} #101`);

  // A serial that does not exist is the field's error.
  await page.goto(`/stock/item/${boardItem}`);
  await page.getByTestId('install-dialog').getByText('Install item').click();
  await page.getByTestId('install-form').getByLabel('Stock item').fill('999999');
  await page.getByTestId('install-form').getByRole('button', { name: 'Install' }).click();
  await expect(page.getByTestId('install-form').getByRole('alert')).toContainText('999999');

  // Uninstall it back into the cabinet.
  await page.goto(`/stock/item/${boardItem}?tab=installed`);
  await installed.locator('select[name="location"]').selectOption(locationId);
  await installed.getByRole('button', { name: 'Uninstall' }).click();
  await expect(page.getByText('Nothing is installed in this item.')).toBeVisible();

  // Status: damaged, with InvenTree's label and colour in the list.
  await page.goto(`/stock/item/${boardItem}`);
  await page.getByTestId('status-dialog').getByText('Change status').click();
  await page.getByTestId('status-form').getByLabel('Status').selectOption({ label: 'Damaged' });
  await page.getByTestId('status-form').getByRole('button', { name: 'Set status' }).click();
  await expect(page.getByTestId('item-summary').getByTestId('status-badge')).toHaveText('Damaged');
  await page.goto(`/stock?location=${locationId}&status=55`);
  await expect(page.getByTestId('stock-row')).toHaveCount(1);
  await expect(page.getByTestId('stock-row').getByTestId('status-badge')).toHaveClass(/amber/);
});
