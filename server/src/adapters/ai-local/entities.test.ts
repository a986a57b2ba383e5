import { describe, expect, it } from 'vitest';
import { extractEntities } from './entities';

const context = { timezone: 'America/New_York', now: new Date('2026-03-06T15:30:00Z') };

describe('entities', () => {
  it('finds e-mail addresses, lower-cased', () => {
    const { emails } = extractEntities('mail Jo.Smith+clinic@Example.co.uk or bob@mail.com.', context);
    expect(emails).toEqual([
      { text: 'Jo.Smith+clinic@Example.co.uk', value: 'jo.smith+clinic@example.co.uk' },
      { text: 'bob@mail.com', value: 'bob@mail.com' },
    ]);
  });

  it('finds international phone numbers anywhere, national ones with the contact country', () => {
    expect(extractEntities('call me on +44 20 7946 0958 thanks', context).phones).toEqual([
      { text: '+44 20 7946 0958', value: '+442079460958' },
    ]);
    expect(extractEntities('my number is (415) 555-2671', context).phones).toEqual([]);
    expect(extractEntities('my number is (415) 555-2671', { ...context, country: 'us' }).phones).toEqual([
      { text: '(415) 555-2671', value: '+14155552671' },
    ]);
  });

  it('finds numbers, not the digits of phones, e-mails or dates', () => {
    const entities = extractEntities('2 adults and three kids, tomorrow at 3, call +44 20 7946 0958 or a1@b.com; budget 1,250.50', context);
    expect(entities.numbers).toEqual([
      { text: '2', value: 2 },
      { text: 'three', value: 3 },
      { text: '1,250.50', value: 1250.5 },
    ]);
    expect(entities.dates.map((date) => date.text)).toEqual(['tomorrow at 3']);
    expect(entities.phones).toHaveLength(1);
    expect(entities.emails).toHaveLength(1);
  });

  it('does not read ordinals or words with digits as numbers', () => {
    expect(extractEntities('room b12, the 2nd floor', context).numbers).toEqual([]);
  });

  it('returns empty lists for a message with nothing to extract', () => {
    expect(extractEntities('hello there', context)).toEqual({ dates: [], numbers: [], emails: [], phones: [] });
  });
});
