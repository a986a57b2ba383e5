// A receptionist loads the clinic's patients before they ever write: she imports a spreadsheet,
// sees in the preview which lines will be skipped and why before anything is written, imports the
// rest, filters by tag (the filter survives leaving and coming back), adds one patient by hand
// with the keyboard, and is told (with a link) when a number is already a contact.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

const SPREADSHEET = [
  'address,channel,first_name,city,tags,timezone',
  '+44 7700 900501,sms,Ada,Leeds,vip;spring,Europe/London',
  '+447700900502,sms,Bob,York,spring,',
  'not a number,sms,Cy,Hull,,',
  '+447700900503,sms,Di,Bath,vip,Mars/Base',
  '+447700900504,whatsapp,Ed,Kent,,Europe/London',
  '+447700900505,sms,Flo,"Ely, Cambs",vip,,surplus',
].join('\n');

describe('the Contacts screen', () => {
  let studio: StudioSession;
  let page: Page;
  let token: string;
  let botId: string;
  const rows = () => page.getByTestId('contact-row');
  const contactsInDb = async () => (await studio.app.call('GET', `/api/bots/${botId}/contacts`, { token })).body as Array<{ address: string; tags: string[]; attributes: Record<string, string> }>;

  beforeAll(async () => {
    studio = await startStudio('e2e-contacts');
    token = await studio.app.login();
    botId = (await studio.app.call('POST', '/api/bots', { token, body: { name: 'Riverside Clinic', timezone: 'Europe/London' } })).body.id;
    page = await studio.newPage();
    await signIn(page);
  });
  afterAll(async () => studio?.close());

  it('previews an import: what each line will do and every line that cannot be imported, writing nothing', async () => {
    await page.goto(`/bots/${botId}/contacts`);
    await page.getByText('No contacts match.').waitFor();
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import contacts from CSV' });
    await dialog.getByLabel('CSV file').setInputFiles({ name: 'patients.csv', mimeType: 'text/csv', buffer: Buffer.from(SPREADSHEET) });
    await dialog.getByText('patients.csv').waitFor();
    await dialog.getByRole('button', { name: 'Check file' }).click();
    await dialog.getByTestId('import-counts').filter({ hasText: '3 new, 0 to update, 0 unchanged, 3 lines cannot be imported' }).waitFor();
    const skipped = dialog.getByRole('table', { name: 'Lines that cannot be imported' });
    await expect(skipped.innerText()).resolves.toMatch(/Line 4\s+address “not a number” is not a valid phone number[\s\S]*Line 5\s+timezone “Mars\/Base” is not a known time zone[\s\S]*Line 7\s+has 7 values but the header has 6 columns/);
    const toImport = dialog.getByRole('table', { name: 'Lines to import' });
    await expect(toImport.innerText()).resolves.toMatch(/2\s+New\s+\+447700900501\s+sms\s+vip, spring/);
    await screenshot(page, 'contacts-import-preview');
    expect(await contactsInDb()).toEqual([]); // a preview writes nothing
    await dialog.getByRole('button', { name: 'Import 3 contacts' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('3 added, 0 updated, 3 lines skipped.').waitFor();
    await rows().nth(2).waitFor();
    expect(await rows().count()).toBe(3);
  });

  it('refuses a broken file as a whole, saying where, and imports nothing', async () => {
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import contacts from CSV' });
    await dialog.getByRole('textbox', { name: 'Or paste the CSV' }).fill('address,channel,first_name\n+447700900511,sms,Gil\n+447700900512,sms,"Hal\n+447700900513,sms,Ivy\n');
    await dialog.getByRole('button', { name: 'Check file' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Nothing was imported' }).filter({ hasText: 'a quote is opened and never closed' }).waitFor();
    expect(await dialog.getByRole('button', { name: /^Import \d+ contacts?$/ }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await contactsInDb()).length).toBe(3);
  });

  it('updates on a re-import, shown as such in the preview', async () => {
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import contacts from CSV' });
    await dialog.getByRole('textbox', { name: 'Or paste the CSV' }).fill('address,channel,city\n+447700900502,sms,Whitby\n+447700900501,sms,Leeds\n');
    await dialog.getByRole('button', { name: 'Check file' }).click();
    await dialog.getByTestId('import-counts').filter({ hasText: '0 new, 1 to update, 1 unchanged' }).waitFor();
    await dialog.getByRole('button', { name: 'Import 1 contact' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await contactsInDb()).find((c) => c.address === '+447700900502')?.attributes.city).toBe('Whitby');
    expect((await contactsInDb()).length).toBe(3);
  });

  it('filters by tag, and keeps the filter when leaving and coming back', async () => {
    await page.getByRole('combobox', { name: 'Tag', exact: true }).click();
    await page.getByRole('option', { name: 'vip (1)' }).click();
    await page.waitForURL(/[?&]tag=vip/);
    await expect.poll(() => rows().count()).toBe(1);
    await expect(rows().first().innerText()).resolves.toContain('+447700900501');
    await page.getByRole('tab', { name: 'Appointments' }).click();
    await page.getByRole('tab', { name: 'Appointments', selected: true }).waitFor();
    await page.goBack();
    await page.waitForURL(/[?&]tag=vip/);
    await expect.poll(() => rows().count()).toBe(1);
    // a tag on a row filters by it too
    await page.getByRole('combobox', { name: 'Tag', exact: true }).click();
    await page.getByRole('option', { name: 'All tags' }).click();
    await expect.poll(() => rows().count()).toBe(3);
    await rows().filter({ hasText: '+447700900502' }).getByRole('button', { name: 'Show contacts tagged spring' }).click();
    await page.waitForURL(/[?&]tag=spring/);
    await expect.poll(() => rows().count()).toBe(2);
    await screenshot(page, 'contacts-tag-filter');
  });

  it('adds a contact by hand with the keyboard, with tags', async () => {
    await page.getByRole('button', { name: 'Add contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a contact' });
    await dialog.getByRole('textbox', { name: 'Phone number' }).waitFor();
    await page.keyboard.type('+44 7700 900521');
    await dialog.getByRole('textbox', { name: 'First name' }).fill('June');
    await dialog.getByLabel('Tags', { exact: true }).click();
    await page.keyboard.type('spring');
    await page.keyboard.press('Enter');
    await page.keyboard.type('new patient');
    await page.keyboard.press('Enter');
    await dialog.getByRole('textbox', { name: 'First name' }).press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => rows().count()).toBe(3); // still filtered by spring: Ada, Bob and June
    const june = (await contactsInDb()).find((c) => c.address === '+447700900521');
    expect(june).toMatchObject({ tags: ['spring', 'new patient'], attributes: { first_name: 'June' } });
  });

  it('says when a number is already a contact, and opens it', async () => {
    await page.getByRole('button', { name: 'Add contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a contact' });
    await dialog.getByRole('textbox', { name: 'Phone number' }).fill('+447700900501');
    await dialog.getByRole('button', { name: 'Add contact' }).click();
    await dialog.getByRole('alert').filter({ hasText: '+447700900501 is already a contact on SMS' }).waitFor();
    await dialog.getByRole('button', { name: 'Open +447700900501' }).click();
    const drawer = page.getByRole('dialog', { name: '+447700900501' });
    await drawer.getByRole('heading', { name: 'Attributes' }).waitFor();
    await expect(drawer.getByRole('textbox', { name: 'Value of first_name' }).inputValue()).resolves.toBe('Ada');
    expect(await page.getByRole('dialog', { name: 'Add a contact' }).count()).toBe(0);
  });

  it("edits a contact's tags in its profile, kept when it is opened again", async () => {
    const drawer = page.getByRole('dialog', { name: '+447700900501' });
    await drawer.getByLabel('Tags', { exact: true }).click();
    await page.keyboard.type('follow-up');
    await page.keyboard.press('Enter');
    await drawer.getByRole('button', { name: 'Save contact' }).click();
    await page.getByText('Contact saved').waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await rows().filter({ hasText: '+447700900501' }).getByRole('button', { name: '+447700900501' }).click();
    await drawer.getByRole('heading', { name: 'Attributes' }).waitFor();
    await expect(drawer.innerText()).resolves.toMatch(/vip[\s\S]*spring[\s\S]*follow-up/);
    expect((await contactsInDb()).find((c) => c.address === '+447700900501')?.tags).toEqual(['vip', 'spring', 'follow-up']);
  });
});
