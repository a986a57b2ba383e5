// An admin manages the team in the studio: changes a role in place, is told the last admin
// cannot be demoted, sets a new password, removes someone; makes an API key (shown once, copied),
// sees it used, revokes it; and anyone signs out everywhere else from their account.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../support/app-harness';
import { axeViolations, screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

describe('team, API keys and sessions', () => {
  let studio: StudioSession;
  let page: Page;
  let token: string;
  beforeAll(async () => {
    studio = await startStudio('e2e-team');
    token = await studio.app.login();
    for (const [email, role] of [
      ['ada@botloom.test', 'agent'],
      ['bob@botloom.test', 'viewer'],
    ]) {
      const res = await studio.app.call('POST', '/api/users', { token, body: { email, password: 'a-long-password-1', role } });
      expect(res.status).toBe(201);
    }
    page = await studio.newPage();
    await signIn(page);
  });
  afterAll(async () => studio?.close());

  it('changes a role in place and refuses to demote the last admin', async () => {
    await page.goto('/team');
    const ada = page.getByRole('combobox', { name: 'Role of ada@botloom.test' });
    await ada.click();
    await page.getByRole('option', { name: /^Editor/ }).click();
    await page.getByText('ada@botloom.test is now an editor').waitFor();
    const users = (await studio.app.call('GET', '/api/users', { token })).body as Array<{ email: string; role: string }>;
    expect(users.find((u) => u.email === 'ada@botloom.test')?.role).toBe('editor');

    await page.getByRole('combobox', { name: `Role of ${ADMIN.email}` }).click();
    await page.getByRole('option', { name: /^Viewer/ }).click();
    await page.getByText('Role not changed').waitFor();
    await page.getByText(/last admin/).first().waitFor();
    await expect.poll(async () => page.getByRole('combobox', { name: `Role of ${ADMIN.email}` }).inputValue()).toMatch(/^Admin/);
  });

  it('sets a new password for a teammate and removes another after asking', async () => {
    await page.getByRole('button', { name: 'Set a new password for ada@botloom.test' }).click();
    const dialog = page.getByRole('dialog', { name: 'New password for ada@botloom.test' });
    await dialog.getByLabel('New password').fill('a-fresh-password-2');
    await dialog.getByRole('button', { name: 'Set the password' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await studio.app.login('ada@botloom.test', 'a-fresh-password-2')).toEqual(expect.any(String));

    await page.getByRole('button', { name: 'Remove bob@botloom.test' }).click();
    await page.getByRole('dialog', { name: 'Remove bob@botloom.test?' }).getByRole('button', { name: 'Remove' }).click();
    await page.locator('[data-member="bob@botloom.test"]').waitFor({ state: 'detached' });
  });

  it('creates an API key shown once, sees it used, and revokes it', async () => {
    await page.getByRole('button', { name: 'New API key' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API key' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Nightly export');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-api-key').textContent())!.trim();
    expect(key).toMatch(/^blk_/);
    await screenshot(page, 'team-new-api-key');
    await page.getByRole('button', { name: 'Done' }).click();
    const row = page.locator('[data-api-key="Nightly export"]');
    await row.getByText('Never').waitFor();
    expect((await studio.app.call('GET', '/api/bots', { token: key })).status).toBe(200);
    await page.reload();
    await expect.poll(async () => row.getByText('Never').count()).toBe(0);
    await row.getByRole('button', { name: 'Revoke Nightly export' }).click();
    await page.getByRole('dialog', { name: 'Revoke “Nightly export”?' }).getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('Revoked').waitFor();
    expect((await studio.app.call('GET', '/api/bots', { token: key })).status).toBe(401);
    await screenshot(page, 'team');
    const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.targets.join(' | ')})`)).toEqual([]);
  });

  it('signs out everywhere else from the account screen, keeping this browser', async () => {
    const elsewhere = await studio.app.login();
    await page.getByRole('link', { name: ADMIN.email }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await page.getByText(/Signed out of \d+ other/).waitFor();
    expect((await studio.app.call('GET', '/api/bots', { token: elsewhere })).status).toBe(401);
    await page.reload();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await screenshot(page, 'account');
  });
});
