// Contacts before they write, over real HTTP on the local database: added by hand (E.164, a
// duplicate refused naming the contact), imported from CSV (per-line errors, a dry run that writes
// nothing, a broken file that imports nothing, a re-import that updates), tags and the tag filter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLogModel, ContactModel } from '../../server/src/adapters/mongo/models';
import { startTestApp, type TestApp } from '../support/app-harness';
import { createBot, say, type Api } from './conversations-helpers';

let app: TestApp;
let api: Api;
let botId: string;

beforeAll(async () => {
  app = await startTestApp({ label: 'api-contacts' });
  api = { app, token: await app.login() };
  botId = await createBot(api, 'Clinic');
});
afterAll(async () => {
  await app?.stop();
});

const importCsv = (csv: string, query = '') =>
  app.call('POST', `/api/bots/${botId}/contacts/import${query}`, { token: api.token, body: csv, headers: { 'content-type': 'text/csv' } });
const list = async (query = '') => {
  const res = await app.call('GET', `/api/bots/${botId}/contacts${query}`, { token: api.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Array<{ id: string; address: string; channel: string; tags: string[]; attributes: Record<string, unknown>; timezone: string | null; optedOut: boolean; registered: boolean }>;
};
const count = () => ContactModel.countDocuments({ botId });

describe('adding a contact by hand', () => {
  it('stores the number in E.164, registered, with its tags, attributes, zone and consent', async () => {
    const res = await app.call('POST', `/api/bots/${botId}/contacts`, {
      token: api.token,
      body: { address: '+44 7700 900123', channel: 'sms', attributes: { first_name: 'Ada' }, timezone: 'Europe/London', tags: ['vip', ' VIP ', 'new'], consent: 'opted_in' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ address: '+447700900123', channel: 'sms', attributes: { first_name: 'Ada' }, timezone: 'Europe/London', tags: ['vip', 'new'], registered: true, optedOut: false });
    expect(await AuditLogModel.countDocuments({ action: 'contact.created', targetId: res.body.id })).toBe(1);
  });

  it('refuses the same number on the same channel with 409 naming the contact, and changes nothing', async () => {
    const res = await app.call('POST', `/api/bots/${botId}/contacts`, { token: api.token, body: { address: '07700 900123'.replace(/^0/, '+44'), channel: 'sms', attributes: { first_name: 'Other' } } });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('+447700900123 is already a contact on SMS');
    expect(res.body.contact).toMatchObject({ address: '+447700900123', attributes: { first_name: 'Ada' } });
    // the same number on WhatsApp is another contact
    expect((await app.call('POST', `/api/bots/${botId}/contacts`, { token: api.token, body: { address: '+447700900123', channel: 'whatsapp' } })).status).toBe(201);
  });

  it('answers 422 naming the field for a number that is not one, an unknown zone or a bad tag', async () => {
    const bad = async (body: unknown) => (await app.call('POST', `/api/bots/${botId}/contacts`, { token: api.token, body })).body;
    expect((await bad({ address: '12345', channel: 'sms' })).errors).toEqual([{ path: '/address', message: expect.stringContaining('not a valid phone number') }]);
    expect((await bad({ address: '+14155550100', channel: 'sms', timezone: 'Mars/Base' })).errors).toEqual([{ path: '/timezone', message: 'is not a known IANA time zone' }]);
    expect((await bad({ address: '+14155550100', channel: 'sms', tags: ['a;b'] })).errors[0].path).toBe('/tags/0');
    expect((await bad({ address: '+14155550100', channel: 'fax' })).errors[0].path).toBe('/channel');
    expect(await ContactModel.countDocuments({ botId, address: '+14155550100' })).toBe(0);
  });
});

describe('importing a CSV', () => {
  const file = [
    'address,channel,first_name,city,tags,timezone,consent',
    '+1 415 555 0101,sms,Bea,SF,vip;spring,America/Los_Angeles,yes',
    '+14155550102,sms,Cal,"Portland, OR",spring,,',
    'not a number,sms,Dee,X,,,',
    '+14155550103,sms,Eve,LA,,Mars/Base,',
    '+14155550104,sms,Fay,NY,spring,America/New_York,,extra',
    '+14155550105,whatsapp,Gus,Rome,,Europe/Rome,',
  ].join('\n');

  it('previews without writing: counts, per-line errors and each line’s outcome', async () => {
    const before = await count();
    const res = await importCsv(file, '?dryRun=true');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, created: 3, updated: 0, skipped: 3 });
    expect(res.body.errors).toEqual([
      { line: 4, message: 'address “not a number” is not a valid phone number (add the country code, e.g. +44…)' },
      { line: 5, message: 'timezone “Mars/Base” is not a known time zone (e.g. Europe/London)' },
      { line: 6, message: 'has 8 values but the header has 7 columns' },
    ]);
    expect(res.body.preview[0]).toEqual({ line: 2, action: 'create', address: '+14155550101', channel: 'sms', tags: ['vip', 'spring'], attributes: { first_name: 'Bea', city: 'SF' }, timezone: 'America/Los_Angeles', consent: 'opted_in' });
    expect(await count()).toBe(before);
  });

  it('imports every usable line and reports the broken ones by line number', async () => {
    const before = await count();
    const res = await importCsv(file);
    expect(res.body).toMatchObject({ dryRun: false, created: 3, updated: 0, unchanged: 0, skipped: 3 });
    expect(res.body.errors.map((e: { line: number }) => e.line)).toEqual([4, 5, 6]);
    expect(await count()).toBe(before + 3);
    const [cal] = await list('?q=5550102');
    expect(cal).toMatchObject({ address: '+14155550102', attributes: { first_name: 'Cal', city: 'Portland, OR' }, tags: ['spring'], registered: true });
    expect(await AuditLogModel.countDocuments({ action: 'contacts.imported' })).toBe(1);
  });

  it('updates on a re-import instead of duplicating: filled cells change, empty cells keep, tags are replaced', async () => {
    const before = await count();
    const again = ['address,channel,city,tags,timezone', '+14155550101,sms,Oakland,vip,', '+14155550102,sms,,,', '+14155550105,whatsapp,Rome,,Europe/Rome', '+14155550106,sms,Reno,,'].join('\n');
    const res = await importCsv(again);
    expect(res.body).toMatchObject({ created: 1, updated: 1, unchanged: 2, skipped: 0, errors: [] });
    expect(await count()).toBe(before + 1);
    const [bea] = await list('?q=5550101');
    expect(bea).toMatchObject({ attributes: { first_name: 'Bea', city: 'Oakland' }, tags: ['vip'], timezone: 'America/Los_Angeles' });
  });

  it('updates a contact who wrote in first (same E.164 number) and registers it', async () => {
    await say(api, botId, '+14155550107', 'hello'); // the simulator: another channel
    const before = await count();
    await importCsv('address,channel,first_name\n+14155550107,sms,Hal\n');
    await ContactModel.updateOne({ botId, channel: 'sms', address: '+14155550107' }, { $set: { registered: false } });
    const res = await importCsv('address,channel,first_name\n(415) 555-0107,sms,Hal\n', '?country=US');
    expect(res.body).toMatchObject({ created: 0, updated: 1 });
    expect(await count()).toBe(before + 1);
    expect((await list('?q=5550107&channel=sms'))[0]).toMatchObject({ registered: true, attributes: { first_name: 'Hal' } });
  });

  it("never undoes a contact's own opt-out, saying so; records an opt-out from the file", async () => {
    const contact = await ContactModel.findOne({ botId, channel: 'sms', address: '+14155550102' });
    await ContactModel.updateOne({ _id: contact!._id }, { $set: { optedOut: true, consentChangedAt: new Date() } }); // as a STOP does
    const res = await importCsv('address,channel,consent\n+14155550102,sms,opted_in\n+14155550106,sms,opted_out\n');
    expect(res.body.warnings).toEqual([{ line: 2, message: expect.stringContaining('only they can opt back in') }]);
    expect((await list('?q=5550102'))[0]!.optedOut).toBe(true);
    expect((await list('?q=5550106'))[0]!.optedOut).toBe(true);
    // an opt-out staff recorded can be undone by staff
    await importCsv('address,channel,consent\n+14155550106,sms,opted_in\n');
    expect((await list('?q=5550106'))[0]!.optedOut).toBe(false);
  });

  it('imports nothing from a broken file, naming the line', async () => {
    const before = await count();
    const unclosed = await importCsv('address,channel,first_name\n+14155550201,sms,Ivy\n+14155550202,sms,"Jo\n+14155550203,sms,Kim\n');
    expect(unclosed.status).toBe(422);
    expect(unclosed.body.error).toMatch(/^Nothing was imported: the file cannot be read as CSV.*quote/);
    expect(unclosed.body.errors[0]).toMatchObject({ path: '/', message: expect.stringContaining('quote') });
    const noAddress = await importCsv('phone,channel\n+14155550204,sms\n');
    expect(noAddress.status).toBe(422);
    expect(noAddress.body.errors).toEqual([{ path: '/', line: 1, message: 'the header row has no “address” column (found: phone, channel)' }]);
    expect((await importCsv('')).status).toBe(422);
    expect(await count()).toBe(before);
  });

  it('asks for the file as text/csv, and checks the query', async () => {
    const json = await app.call('POST', `/api/bots/${botId}/contacts/import`, { token: api.token, body: { address: '+1' } });
    expect(json.status).toBe(415);
    expect(json.body.error).toContain('text/csv');
    expect((await importCsv('address,channel\n', '?dryRun=maybe')).body.errors).toEqual([{ path: '/dryRun', message: 'must be equal to one of the allowed values' }]);
    expect((await importCsv('address,channel\n', '?country=ZZ')).body.errors).toEqual([{ path: '/country', message: 'is not a known ISO 3166 country code' }]);
  });
});

describe('tags', () => {
  it('filters the list by tag, and lists the tags with their counts', async () => {
    const spring = await list('?tag=spring');
    expect(spring.map((c) => c.address).sort()).toEqual(['+14155550102']);
    expect((await list('?tag=vip')).map((c) => c.address).sort()).toEqual(['+14155550101', '+447700900123']);
    const tags = await app.call('GET', `/api/bots/${botId}/contacts/tags`, { token: api.token });
    expect(tags.body).toEqual(expect.arrayContaining([{ tag: 'vip', count: 2 }, { tag: 'spring', count: 1 }, { tag: 'new', count: 1 }]));
  });

  it('validates the filter: an empty tag or an unknown parameter is a 422 naming it', async () => {
    const empty = await app.call('GET', `/api/bots/${botId}/contacts?tag=`, { token: api.token });
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].path).toBe('/tag');
    const unknown = await app.call('GET', `/api/bots/${botId}/contacts?color=red`, { token: api.token });
    expect(unknown.body.errors).toEqual([{ path: '/color', message: 'is not a known field' }]);
  });

  it('edits tags, registration and a staff opt-out on one contact', async () => {
    const [cal] = await list('?q=5550105');
    const edited = await app.call('PATCH', `/api/contacts/${cal!.id}`, { token: api.token, body: { tags: ['spring', 'Spring', 'late'], registered: false, consent: 'opted_out' } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ tags: ['spring', 'late'], registered: false, optedOut: true, optedOutBy: 'staff' });
    expect((await list('?registered=false&tag=late')).map((c) => c.id)).toEqual([cal!.id]);
    const [stopped] = await list('?q=5550102');
    const refused = await app.call('PATCH', `/api/contacts/${stopped!.id}`, { token: api.token, body: { consent: 'opted_in' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain('only they can opt back in');
  });

  it('exports a CSV (filtered like the list) that imports back unchanged', async () => {
    const csv = await app.call('GET', `/api/bots/${botId}/contacts.csv?channel=sms&registered=true`, { token: api.token });
    expect((csv.body as string).split('\n')[0]).toBe('id,channel,address,tags,timezone,consent,registered,last_message_at,city,first_name');
    const back = await importCsv(csv.body as string);
    expect(back.body).toMatchObject({ created: 0, updated: 0, skipped: 0, errors: [] });
  });
});
