import { expect, type Page, test } from '@playwright/test';

// A valid 1×1 PNG (the server decodes images and makes renditions, so it must be a real one).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function signIn(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${username}` })).toBeVisible();
}

test('admin builds a category and a part with a parameter, image and attachment; a reader only looks', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const stamp = Date.now().toString(36);
  const categoryName = `Widgets ${stamp}`;
  const partName = `Sprocket ${stamp}`;
  const ipn = `SP-${stamp}`;
  const templateName = `Colour ${stamp}`;
  await signIn(page, 'admin', 'inventree');

  // Parameter templates have no page yet: one is made through the API (session cookie + Origin).
  const created = await page.evaluate(async (name) => {
    const r = await fetch('/api/parameter/template/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, description: 'Finish colour' }),
    });
    return r.status;
  }, templateName);
  expect(created).toBe(201);

  // The Parts entry of the main menu is live.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Parts' }).click();
  await expect(page).toHaveURL(/\/part$/);

  // A category.
  await page.getByRole('link', { name: 'New category' }).click();
  const catForm = page.getByTestId('category-form');
  await catForm.getByLabel('Name').fill(categoryName);
  await catForm.getByLabel('Description').fill('Things that turn');
  await catForm.getByRole('button', { name: 'Create category' }).click();
  await expect(page.getByRole('heading', { name: categoryName })).toBeVisible();
  await expect(page).toHaveURL(/\/part\?category=\d+$/);
  const categoryId = new URL(page.url()).searchParams.get('category');
  await expect(page.getByTestId('category-tree').getByRole('link', { name: categoryName })).toHaveAttribute(
    'aria-current',
    'page',
  );

  // A part in it, with an image chosen in the same form.
  await page.getByRole('link', { name: 'New part' }).click();
  const form = page.getByTestId('part-form');
  await expect(form.getByLabel('Category', { exact: true })).toHaveValue(categoryId!);
  await form.getByLabel('Name', { exact: true }).fill(partName);
  await form.getByLabel('IPN').fill(ipn);
  await form.getByLabel('Description').fill('A toothed wheel');
  await form.getByLabel('Assembly').check();
  await form.getByLabel('Image').setInputFiles({ name: 'sprocket.png', mimeType: 'image/png', buffer: PNG });
  await form.getByRole('button', { name: 'Create part' }).click();
  await expect(page).toHaveURL(/\/part\/\d+$/);
  const partId = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByRole('heading', { name: `${ipn} | ${partName}` })).toBeVisible();
  await expect(page.getByTestId('breadcrumbs')).toContainText(categoryName);
  const imageSrc = await page.getByTestId('part-image').getAttribute('src');
  expect(imageSrc).toMatch(/^\/media\/part_images\/.+\.png$/);
  expect((await page.request.get(imageSrc!)).status()).toBe(200);

  // A parameter.
  await page.getByRole('link', { name: 'Parameters' }).click();
  const paramForm = page.getByTestId('parameter-form');
  await paramForm.getByLabel('Template').selectOption({ label: templateName });
  await paramForm.getByLabel('Value').fill('Blue');
  await paramForm.getByRole('button', { name: 'Add parameter' }).click();
  await expect(page.getByTestId('parameter-row').filter({ hasText: templateName })).toContainText('Blue');

  // Found by search…
  await page.goto('/part');
  await page.getByLabel('Search parts').fill(ipn);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`search=${ipn}`));
  await expect(page.getByTestId('part-row')).toHaveCount(1);
  await expect(page.getByTestId('part-row')).toContainText(partName);

  // …and by a filter within its category (and not by the opposite one); the parameter as a column.
  await page.goto(`/part?category=${categoryId}`);
  await page.getByText('Filters and columns').click();
  await page.getByLabel('Assembly').selectOption('true');
  await page.getByLabel(templateName).check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/assembly=true/);
  await expect(page.getByTestId('part-row').filter({ hasText: partName })).toBeVisible();
  await expect(page.getByTestId('part-row').filter({ hasText: partName })).toContainText('Blue');
  await page.getByLabel('Assembly').selectOption('false');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/assembly=false/);
  await expect(page.getByTestId('no-parts')).toBeVisible();

  // The CSV export of a view.
  const csv = await page.request.get(`/part/export.csv?search=${ipn}&params=`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain(`${ipn},`);

  // Edit it.
  await page.goto(`/part/${partId}`);
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await page.getByTestId('part-form').getByLabel('Description').fill('A toothed wheel, steel');
  await page.getByRole('button', { name: 'Save part' }).click();
  await expect(page).toHaveURL(new RegExp(`/part/${partId}$`));
  await expect(page.getByTestId('part-summary')).toContainText('A toothed wheel, steel');

  // Attach a file and open it through /media.
  await page.getByRole('link', { name: 'Attachments' }).click();
  const upload = page.getByTestId('attachment-upload');
  await upload.getByLabel('File').setInputFiles({
    name: 'datasheet.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(`Datasheet for ${partName}\n`),
  });
  await upload.getByLabel('Comment').fill('Supplier datasheet');
  await upload.getByRole('button', { name: 'Add attachment' }).click();
  const row = page.getByTestId('attachment-row').filter({ hasText: 'datasheet' });
  await expect(row).toContainText('Supplier datasheet');
  const href = await row.getByRole('link').first().getAttribute('href');
  expect(href).toMatch(/^\/media\//);
  const file = await page.request.get(href!);
  expect(file.status()).toBe(200);
  expect(await file.text()).toBe(`Datasheet for ${partName}\n`);

  // A reader sees the part but no edit controls, and the API refuses their writes.
  const other = await browser.newContext();
  const reader = await other.newPage();
  await signIn(reader, 'reader', 'readonly');
  await reader.goto(`/part/${partId}`);
  await expect(reader.getByRole('heading', { name: `${ipn} | ${partName}` })).toBeVisible();
  await expect(reader.getByTestId('part-details')).toContainText('A toothed wheel, steel');
  await expect(reader.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
  await expect(reader.getByRole('link', { name: 'Duplicate' })).toHaveCount(0);
  await expect(reader.getByTestId('image-upload')).toHaveCount(0);
  await expect(reader.getByTestId('lock-form')).toHaveCount(0);
  await reader.getByRole('link', { name: 'Parameters' }).click();
  await expect(reader.getByTestId('parameter-row').filter({ hasText: templateName })).toContainText('Blue');
  await expect(reader.getByTestId('parameter-form')).toHaveCount(0);
  await expect(reader.getByText('Edit', { exact: true })).toHaveCount(0);
  await reader.getByRole('link', { name: 'Attachments' }).click();
  await expect(reader.getByTestId('attachment-row')).toHaveCount(1);
  await expect(reader.getByTestId('attachment-upload')).toHaveCount(0);
  await expect(reader.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await reader.goto(`/part?category=${categoryId}`);
  await expect(reader.getByTestId('part-row').filter({ hasText: partName })).toBeVisible();
  await expect(reader.getByRole('link', { name: 'New part' })).toHaveCount(0);
  await expect(reader.getByRole('link', { name: 'Edit category' })).toHaveCount(0);
  expect((await reader.goto(`/part/${partId}/edit`))?.status()).toBe(403);
  const post = await reader.evaluate(async () => {
    const r = await fetch('/api/part/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Not allowed' }),
    });
    return r.status;
  });
  expect(post).toBe(403);
  await other.close();
});

test('the CSV export needs a signed-in user with part.view', async ({ request }) => {
  const res = await request.get('/part/export.csv');
  expect(res.status()).toBe(401);
  expect(res.headers()['content-type']).toBe('application/json');
});
