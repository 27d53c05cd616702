import { expect, type Page, test } from '@playwright/test';

async function signIn(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${username}` })).toBeVisible();
}

test('admin builds a group with roles, adds a user; the user gets exactly those rights; deactivation signs them out', async ({
  page,
  browser,
}) => {
  const stamp = Date.now().toString(36);
  const groupName = `Parts team ${stamp}`;
  const username = `pat_${stamp}`;
  await signIn(page, 'admin', 'inventree');

  await page.goto('/admin/groups');
  await page.getByTestId('new-group-form').getByLabel('Name').fill(groupName);
  await page.getByRole('button', { name: 'Create group' }).click();
  await page
    .getByTestId('group-row')
    .filter({ hasText: groupName })
    .getByRole('link', { name: groupName })
    .click();
  const matrix = page.getByTestId('role-matrix');
  await matrix.getByLabel('Parts: View').check();
  await matrix.getByLabel('Parts: Add').check();
  await matrix.getByRole('button', { name: 'Save permissions' }).click();
  await expect(matrix.getByText('Saved')).toBeVisible();

  await page.goto('/admin/users');
  const form = page.getByTestId('new-user-form');
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Password').fill('parts-only-pw');
  await form.getByLabel(groupName).check();
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByTestId('user-row').filter({ hasText: username })).toBeVisible();

  // A validation error is shown on its field.
  await form.getByLabel('Username').fill(username);
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByText('A user with that username already exists.')).toBeVisible();

  // The new user, in a separate browser context.
  const other = await browser.newContext();
  const userPage = await other.newPage();
  await signIn(userPage, username, 'parts-only-pw');
  const roles = await userPage.evaluate(
    async () => (await (await fetch('/api/user/me/roles/')).json()).roles,
  );
  expect(roles.part).toEqual(['view', 'add']);
  expect(roles.stock).toBeNull();
  expect((await userPage.goto('/admin/users'))?.status()).toBe(403);

  // Deactivate them: their session ends at once.
  await page
    .getByTestId('user-row')
    .filter({ hasText: username })
    .getByRole('link', { name: username })
    .click();
  const edit = page.getByTestId('user-edit-form');
  await edit.getByLabel('Active').uncheck();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('user-saved')).toBeVisible();
  await userPage.goto('/');
  await expect(userPage).toHaveURL(/\/login/);
  expect(await userPage.evaluate(async () => (await fetch('/api/user/me/')).status)).toBe(401);
  await other.close();
});
