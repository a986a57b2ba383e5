import { describe, expect, it } from 'vitest';
import { classifyConsent, normalizeConsentText } from './classify-consent';

const kind = (text: string, optedOut = false) => classifyConsent(text, { optedOut })?.kind ?? null;

describe('normalizeConsentText', () => {
  it('folds case, spaces, curly apostrophes and trailing punctuation or emoji', () => {
    expect(normalizeConsentText('  Please   STOP!!! ')).toBe('please stop');
    expect(normalizeConsentText('Don\u2019t text me.')).toBe("don't text me");
    expect(normalizeConsentText('stop 🙏🙏')).toBe('stop');
    expect(normalizeConsentText('"Unsubscribe"')).toBe('unsubscribe');
    expect(normalizeConsentText('ＳＴＯＰ')).toBe('stop'); // full-width letters
  });
});

describe('classifyConsent: carrier keywords', () => {
  it.each([
    'STOP',
    'stop',
    'Stop.',
    ' StOp ',
    'STOP!!',
    'STOPALL',
    'Unsubscribe',
    'CANCEL',
    'cancel',
    'END',
    'Quit',
    'REVOKE',
    'OPTOUT',
    'opt-out',
    'Stop?',
  ])('"%s" opts out', (text) => {
    expect(classifyConsent(text, { optedOut: false })).toMatchObject({ kind: 'opt_out', via: 'keyword' });
  });

  it('opts out whether or not the contact already has', () => {
    expect(kind('STOP', true)).toBe('opt_out');
  });

  it.each(['START', 'start', 'Unstop', 'START!'])('"%s" opts back in', (text) => {
    expect(kind(text)).toBe('opt_in');
    expect(kind(text, true)).toBe('opt_in');
  });

  it('YES opts back in only a contact who opted out; otherwise it is an answer', () => {
    expect(kind('YES', true)).toBe('opt_in');
    expect(kind('yes', false)).toBeNull();
    expect(kind('yes please', true)).toBeNull();
  });

  it.each(['HELP', 'help', 'Info', 'INFO.'])('"%s" asks for help', (text) => {
    expect(kind(text)).toBe('help');
  });

  it('keywords count only as the whole message', () => {
    for (const text of [
      'stop by tomorrow',
      'help me choose',
      'start over',
      'info about prices',
      'end of the month',
      'quit smoking tips',
      'cancel my appointment',
    ]) {
      expect(kind(text), text).toBeNull();
    }
  });
});

describe('classifyConsent: plain-language revocations', () => {
  it.each([
    'please stop texting me',
    'Stop messaging me',
    'stop texting me!!',
    'STOP SENDING ME MESSAGES',
    'stop sending me these texts',
    'stop all messages',
    'Stop it',
    'stop please',
    'pls stop',
    'please stop',
    'opt out',
    'Opt me out',
    'I want to opt out',
    'opt out of this list',
    'unsubscribe me',
    'Please unsubscribe me from this list',
    "I'd like to unsubscribe",
    "don't text me anymore",
    'Dont text me',
    'do not contact me again',
    'never message me again',
    "don't send me any more texts",
    'no more texts please',
    'No more messages',
    'remove me from your list',
    'Remove me',
    'take me off your list',
    'leave me alone',
    'stop texting me 😡',
  ])('"%s" opts out', (text) => {
    expect(classifyConsent(text, { optedOut: false })).toMatchObject({ kind: 'opt_out', via: 'phrase' });
  });

  it.each([
    "I can't stop smiling",
    'cancel my appointment',
    'Cancel please',
    'can I cancel?',
    "don't stop",
    'Do not stop the reminders',
    'when do you stop serving lunch?',
    'stop by the shop at 5',
    'should I stop taking my meds?',
    'the bus stop is closed',
    'I want to start over',
    'please help me with my order',
    'it was the end of a long day',
    'take me to the clinic',
    'remove the second item from my order',
    'no more questions, thanks!',
    'Stop the count!',
    'yes',
    '2',
    '',
    '   ',
  ])('"%s" is not about consent', (text) => {
    expect(kind(text)).toBeNull();
  });

  it('ignores long messages that only contain a revocation', () => {
    const long = `please stop texting me ${'and also I wanted to ask about the parking near your office '.repeat(2)}`;
    expect(kind(long)).toBeNull();
  });
});
