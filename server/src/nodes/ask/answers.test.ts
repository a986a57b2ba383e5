import { describe, expect, it } from 'vitest';
import type { AskConfig } from '@botloom/shared';
import { checkAnswer, pickChoice } from './answers';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const ask = (extra: Partial<AskConfig>): AskConfig => ({ question: 'Q?', save_as: 'answer', ...extra });
const value = (config: AskConfig, text: string, timezone?: string) => {
  const check = checkAnswer(config, text, NOW, timezone);
  return check.ok ? check.value : undefined;
};

describe('pickChoice', () => {
  const colours = ['Red', 'Green', 'Blue'];

  it('picks by number, with an optional dot or bracket', () => {
    expect(pickChoice('1', colours)).toBe('Red');
    expect(pickChoice(' 2. ', colours)).toBe('Green');
    expect(pickChoice('3)', colours)).toBe('Blue');
  });

  it('picks by text, ignoring case and surrounding spaces', () => {
    expect(pickChoice('blue', colours)).toBe('Blue');
    expect(pickChoice('  GREEN ', colours)).toBe('Green');
  });

  it('refuses numbers out of range and partial text', () => {
    expect(pickChoice('0', colours)).toBeUndefined();
    expect(pickChoice('4', colours)).toBeUndefined();
    expect(pickChoice('Gre', colours)).toBeUndefined();
    expect(pickChoice('Red or Blue', colours)).toBeUndefined();
    expect(pickChoice('', colours)).toBeUndefined();
  });

  it('matches a choice that is itself a number when no option has that position', () => {
    const minutes = ['5', '10', '15'];
    expect(pickChoice('2', minutes)).toBe('10'); // a position first
    expect(pickChoice('10', minutes)).toBe('10');
    expect(pickChoice('15', minutes)).toBe('15');
    expect(pickChoice('20', minutes)).toBeUndefined();
  });
});

describe('checkAnswer', () => {
  it('text: any non-blank answer, trimmed', () => {
    expect(value(ask({}), '  hi ')).toBe('hi');
    expect(value(ask({ answer_type: 'text' }), '\n\t ')).toBeUndefined();
  });

  it('number: decimals with a point or a comma, spaces ignored', () => {
    const n = ask({ answer_type: 'number' });
    expect(value(n, '42')).toBe(42);
    expect(value(n, '3,5')).toBe(3.5);
    expect(value(n, '3.5')).toBe(3.5);
    expect(value(n, '10 000')).toBe(10000);
    expect(value(n, '-0.5')).toBe(-0.5);
    expect(value(n, '')).toBeUndefined();
    expect(value(n, '4 apples')).toBeUndefined();
    expect(value(n, 'Infinity')).toBeUndefined();
  });

  it('email: lower-cased; needs a name, an @ and a domain with a dot', () => {
    const e = ask({ answer_type: 'email' });
    expect(value(e, 'Ana.Silva+bot@Example.co.UK')).toBe('ana.silva+bot@example.co.uk');
    for (const bad of ['ana', 'ana@', '@example.com', 'ana@example', 'ana@example.c', 'a na@example.com', 'ana@@example.com']) {
      expect(value(e, bad), bad).toBeUndefined();
    }
  });

  it('phone: 7 to 15 digits, an optional +, common separators removed', () => {
    const p = ask({ answer_type: 'phone' });
    expect(value(p, '+351 912-345.678')).toBe('+351912345678');
    expect(value(p, '(020) 7946 0018')).toBe('02079460018');
    expect(value(p, '123456')).toBeUndefined();
    expect(value(p, '1234567890123456')).toBeUndefined();
    expect(value(p, '+44 7700 9001 ext 2')).toBeUndefined();
    expect(value(p, '++447700900123')).toBeUndefined();
  });

  it('date: several formats, returned as an ISO date', () => {
    const d = ask({ answer_type: 'date' });
    expect(value(d, '2026-11-24')).toBe('2026-11-24');
    expect(value(d, '24/11/2026')).toBe('2026-11-24');
    expect(value(d, '24.11.2026')).toBe('2026-11-24');
    expect(value(d, '24-11-2026')).toBe('2026-11-24');
    expect(value(d, '24/11/26')).toBe('2026-11-24');
    expect(value(d, '24 November 2026')).toBe('2026-11-24');
    expect(value(d, '24 nov 2026')).toBe('2026-11-24');
    expect(value(d, 'November 24, 2026')).toBe('2026-11-24');
    expect(value(d, 'TODAY')).toBe('2026-03-02');
    expect(value(d, 'tomorrow')).toBe('2026-03-03');
    expect(value(d, 'tomorrow', 'Pacific/Pago_Pago')).toBe('2026-03-02'); // UTC-11: still the 1st there
  });

  it('date: refuses impossible and vague dates', () => {
    const d = ask({ answer_type: 'date' });
    for (const bad of ['31/02/2026', '2026-13-01', 'next week', 'soon', '', '24/11']) expect(value(d, bad), bad).toBeUndefined();
  });

  it('choice: uses the configured choices', () => {
    const c = ask({ answer_type: 'choice', choices: ['Yes', 'No'] });
    expect(value(c, '2')).toBe('No');
    expect(value(c, 'yes')).toBe('Yes');
    expect(value(c, 'maybe')).toBeUndefined();
    expect(value(ask({ answer_type: 'choice' }), '1')).toBeUndefined();
  });

  it('gives a hint for each kind of invalid answer', () => {
    const hint = (config: AskConfig, text: string) => {
      const check = checkAnswer(config, text, NOW, undefined);
      return check.ok ? null : check.hint;
    };
    expect(hint(ask({}), '')).toBe('Please type your answer.');
    expect(hint(ask({ answer_type: 'number' }), 'x')).toBe('Please answer with a number.');
    expect(hint(ask({ answer_type: 'choice', choices: ['A'] }), 'x')).toBe('Please reply with the number of one of the options.');
  });
});
