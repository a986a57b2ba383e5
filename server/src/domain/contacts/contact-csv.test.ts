import { describe, expect, it } from 'vitest';
import { CsvFileError, normalisePhone, parseContactsCsv } from './contact-csv';

function fileError(fn: () => unknown): CsvFileError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CsvFileError) return err;
    throw err;
  }
  throw new Error('expected a CsvFileError');
}

describe('contacts CSV', () => {
  it('reads contacts, normalises numbers to E.164, splits tags and keeps other columns as attributes', () => {
    const csv = ['address,channel,first_name,tags,timezone,consent', '+44 7700 900123,sms,Ada,vip; new ;vip,Europe/London,yes', '"07700 900456",WhatsApp,"Smith, Bob",,,'].join('\n');
    const { rows, errors } = parseContactsCsv(csv, { defaultCountry: 'GB' });
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, channel: 'sms', address: '+447700900123', attributes: { first_name: 'Ada' }, tags: ['vip', 'new'], timezone: 'Europe/London', consent: 'opted_in' },
      { line: 3, channel: 'whatsapp', address: '+447700900456', attributes: { first_name: 'Smith, Bob' }, tags: [] },
    ]);
  });

  it('reports each unusable line by its number and keeps the others', () => {
    const csv = [
      'address,channel,city',
      '+14155550100,sms,SF',
      'not a number,sms,X',
      '+14155550101,fax,Y',
      '+14155550102,sms,Z,extra',
      '+14155550103,sms,LA',
      '+1 415 555 0100,sms,dup',
      '+14155550104,sms,Q',
    ].join('\r\n');
    const { rows, errors } = parseContactsCsv(csv);
    expect(rows.map((r) => r.line)).toEqual([2, 6, 8]);
    expect(errors).toEqual([
      { line: 3, message: 'address “not a number” is not a valid phone number (add the country code, e.g. +44…)' },
      { line: 4, message: 'channel “fax” is not one of sms, whatsapp' },
      { line: 5, message: 'has 4 values but the header has 3 columns' },
      { line: 7, message: '+14155550100 on sms is already on line 2' },
    ]);
  });

  it('names the line of an unknown time zone or consent', () => {
    const csv = 'address,channel,timezone,consent\n+14155550100,sms,Mars/Base,\n+14155550101,sms,,maybe\n';
    expect(parseContactsCsv(csv).errors).toEqual([
      { line: 2, message: 'timezone “Mars/Base” is not a known time zone (e.g. Europe/London)' },
      { line: 3, message: 'consent “maybe” is not opted_in or opted_out' },
    ]);
  });

  it('reports a tag that is too long or holds a comma, and keeps one copy of a tag whatever its case', () => {
    const csv = `address,channel,tags\n+14155550100,sms,${'x'.repeat(51)}\n+14155550101,sms,"a,b"\n+14155550102,sms,VIP;vip; Vip ;new\n`;
    const { rows, errors } = parseContactsCsv(csv);
    expect(errors).toEqual([
      { line: 2, message: `tag “${'x'.repeat(51)}” is longer than 50 characters` },
      { line: 3, message: 'tag “a,b” holds a comma (separate tags with ;)' },
    ]);
    expect(rows[0]!.tags).toEqual(['VIP', 'new']);
  });

  it("reads back the Contacts screen's export, past its id, registered and last message columns", () => {
    const csv = 'id,channel,address,tags,timezone,consent,registered,last_message_at,city\n65a000000000000000000001,sms,+14155550100,vip,UTC,opted_in,yes,2027-01-01T00:00:00.000Z,Leeds\n';
    expect(parseContactsCsv(csv).rows).toEqual([{ line: 2, channel: 'sms', address: '+14155550100', attributes: { city: 'Leeds' }, tags: ['vip'], timezone: 'UTC', consent: 'opted_in' }]);
  });

  it('refuses a file it cannot read as a whole, saying where', () => {
    expect(fileError(() => parseContactsCsv('address,channel\n+14155550100,sms\n"+14155550101,sms\n+14155550102,sms\n')).message).toMatch(/cannot be read as CSV.*quote/);
    expect(fileError(() => parseContactsCsv('phone,channel\n+14155550100,sms\n'))).toMatchObject({ line: 1, message: expect.stringContaining('no “address” column') });
    expect(fileError(() => parseContactsCsv('')).message).toContain('empty');
    expect(fileError(() => parseContactsCsv('address,channel,$where\n+14155550100,sms,x\n')).message).toContain('“$where” cannot be a contact field');
  });

  it('normalises the numbers a provider sends and people type', () => {
    expect(normalisePhone('whatsapp:+447700900123')).toBe('+447700900123');
    expect(normalisePhone('(415) 555-0100', 'US')).toBe('+14155550100');
    expect(normalisePhone('12345')).toBeNull();
  });
});
