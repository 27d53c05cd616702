import { expect, test } from '@playwright/test';

test('admin signs in, creates an API token, uses it with fetch, and signs out', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('inventree');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('heading', { name: 'Welcome, admin' })).toBeVisible();
  await expect(page.getByTestId('api-version')).toHaveText('534');

  await page.getByTestId('user-menu').click();
  await page.getByRole('link', { name: /API tokens/ }).click();
  await page.getByLabel('Token name').fill('e2e browser token');
  await page.getByRole('button', { name: 'Create token' }).click();
  const key = (await page.getByTestId('new-token').textContent())?.trim() ?? '';
  expect(key).toMatch(/^inv-[0-9a-f]{40}-\d{8}$/);
  await expect(page.getByTestId('token-row').filter({ hasText: 'e2e-browser-token' })).toBeVisible();

  // The key works from a plain fetch without cookies, and a wrong one does not.
  const result = await page.evaluate(async (k) => {
    const ok = await fetch('/api/user/me/', {
      headers: { Authorization: `Token ${k}` },
      credentials: 'omit',
    });
    const bad = await fetch('/api/user/me/', {
      headers: { Authorization: 'Token inv-nope' },
      credentials: 'omit',
    });
    return { status: ok.status, user: (await ok.json()).username, bad: bad.status };
  }, key);
  expect(result).toEqual({ status: 200, user: 'admin', bad: 401 });

  // Revoking it in the UI makes it fail.
  await page
    .getByTestId('token-row')
    .filter({ hasText: 'e2e-browser-token' })
    .getByRole('button', { name: /Revoke/ })
    .click();
  await expect(page.getByTestId('token-row').filter({ hasText: 'e2e-browser-token' })).toContainText(
    'revoked',
  );
  const after = await page.evaluate(
    async (k) =>
      (await fetch('/api/user/me/', { headers: { Authorization: `Token ${k}` }, credentials: 'omit' }))
        .status,
    key,
  );
  expect(after).toBe(401);

  await page.getByTestId('user-menu').click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});

test('a wrong password shows an error and no session', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Invalid username or password.')).toBeVisible();
  const me = await page.evaluate(async () => (await fetch('/api/user/me/')).status);
  expect(me).toBe(401);
});

test('the session cookie authenticates the API; a reader cannot write or open admin pages', async ({
  page,
}) => {
  await page.goto('/login');
  await page.getByLabel('Username').fill('reader');
  await page.getByLabel('Password').fill('readonly');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, reader' })).toBeVisible();
  const r = await page.evaluate(async () => {
    const me = await fetch('/api/user/me/roles/');
    const post = await fetch('/api/user/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'x' }),
    });
    return { me: me.status, roles: (await me.json()).roles, post: post.status };
  });
  expect(r.me).toBe(200);
  expect(r.roles.part).toEqual(['view']);
  expect(r.post).toBe(403);
  // Admin pages are refused to a reader.
  const res = await page.goto('/admin/users');
  expect(res?.status()).toBe(403);
});
