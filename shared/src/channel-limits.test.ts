import { describe, expect, it } from 'vitest';
import { planMessengerChoices, planWhatsAppChoices, smsSegments, splitSmsBody, withNumberedChoices } from './channel-limits';

const n = (count: number, title = (i: number) => `Option ${i + 1}`) => Array.from({ length: count }, (_, i) => title(i));

describe('planWhatsAppChoices', () => {
  it('buttons for up to 3 choices of up to 20 characters', () => {
    expect(planWhatsAppChoices('Pick one', ['Yes', 'No'])).toEqual({ kind: 'buttons' });
    expect(planWhatsAppChoices('Pick one', ['a'.repeat(20), 'b', 'c'])).toEqual({ kind: 'buttons' });
  });

  it('a list for 4 to 10 choices, or a title of 21 to 24 characters', () => {
    expect(planWhatsAppChoices('Pick one', n(4))).toEqual({ kind: 'list' });
    expect(planWhatsAppChoices('Pick one', n(10))).toEqual({ kind: 'list' });
    expect(planWhatsAppChoices('Pick one', ['a'.repeat(21), 'b'])).toEqual({ kind: 'list' });
    expect(planWhatsAppChoices('Pick one', ['a'.repeat(24), 'b'])).toEqual({ kind: 'list' });
  });

  it('numbered text beyond that, never a cut label', () => {
    expect(planWhatsAppChoices('Pick one', n(11))).toEqual({ kind: 'numbered', reason: 'too_many' });
    expect(planWhatsAppChoices('Pick one', ['a'.repeat(25), 'b'])).toEqual({ kind: 'numbered', reason: 'title_too_long' });
    expect(planWhatsAppChoices('', ['Yes', 'No'])).toEqual({ kind: 'numbered', reason: 'body_unusable' });
    expect(planWhatsAppChoices('q'.repeat(1025), ['Yes', 'No'])).toEqual({ kind: 'numbered', reason: 'body_unusable' });
    expect(planWhatsAppChoices('Pick', ['Yes', 'Yes'])).toEqual({ kind: 'numbered', reason: 'titles_unusable' });
    expect(planWhatsAppChoices('Pick', ['Yes', ' '])).toEqual({ kind: 'numbered', reason: 'titles_unusable' });
  });

  it('counts characters, not UTF-16 units: 20 emoji still fit a button', () => {
    expect(planWhatsAppChoices('Mood?', ['😀'.repeat(20), '😢'])).toEqual({ kind: 'buttons' });
  });
});

describe('smsSegments', () => {
  it('GSM-7: 160 characters in one segment, 153 per segment beyond', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1, nonGsm: [] });
    expect(smsSegments('a'.repeat(161)).segments).toBe(2);
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('extension characters take two septets; accented GSM letters stay GSM', () => {
    expect(smsSegments('€'.repeat(80)).segments).toBe(1);
    expect(smsSegments('€'.repeat(81)).segments).toBe(2);
    expect(smsSegments('Olá, Zoë! à bientôt? ¿Qué?').encoding).toBe('UCS-2'); // á, ô, é are not GSM
    expect(smsSegments('Søren, café at 5?').encoding).toBe('GSM-7');
  });

  it('an emoji or curly quote switches to UCS-2: 70 per segment, 67 beyond', () => {
    expect(smsSegments('Hi 👋')).toEqual({ encoding: 'UCS-2', segments: 1, nonGsm: ['👋'] });
    expect(smsSegments('x'.repeat(68) + '👋').segments).toBe(1); // 70 UTF-16 units
    expect(smsSegments('x'.repeat(69) + '👋').segments).toBe(2);
    expect(smsSegments('It\u2019s').nonGsm).toEqual(['\u2019']);
  });
});

describe('splitSmsBody', () => {
  it('keeps a body of up to 1600 characters whole', () => {
    expect(splitSmsBody('a'.repeat(1600))).toEqual(['a'.repeat(1600)]);
    expect(splitSmsBody('')).toEqual(['']);
  });

  it('splits longer bodies at a space or line break, each part within the limit', () => {
    const words = Array.from({ length: 500 }, (_, i) => `word${i}`).join(' ');
    const parts = splitSmsBody(words);
    expect(parts.length).toBe(3); // 3,889 characters
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(1600);
    expect(parts.join(' ')).toBe(words);
    expect(parts.every((p) => !p.startsWith(' ') && !p.endsWith(' '))).toBe(true);
  });

  it('cuts a text without spaces at the limit, never inside an emoji', () => {
    const text = 'a'.repeat(1599) + '😀' + 'b'.repeat(10);
    const parts = splitSmsBody(text);
    expect(parts).toEqual(['a'.repeat(1599), '😀' + 'b'.repeat(10)]);
  });
});

describe('withNumberedChoices', () => {
  it('lists the choices under the text, numbered', () => {
    expect(withNumberedChoices('Pick', ['Red', 'Blue'])).toBe('Pick\n1. Red\n2. Blue');
    expect(withNumberedChoices('', ['Red'])).toBe('1. Red');
    expect(withNumberedChoices('Pick', [])).toBe('Pick');
  });
});

describe('planMessengerChoices', () => {
  it('quick replies for up to 13 choices of up to 20 characters', () => {
    expect(planMessengerChoices('Pick one', ['Yes', 'No'])).toEqual({ kind: 'quick_replies' });
    expect(planMessengerChoices('Pick one', n(13))).toEqual({ kind: 'quick_replies' });
    expect(planMessengerChoices('Pick one', ['a'.repeat(20), 'b'])).toEqual({ kind: 'quick_replies' });
    expect(planMessengerChoices('Mood?', ['😀'.repeat(20), '😢'])).toEqual({ kind: 'quick_replies' });
  });

  it('numbered text beyond Messenger\'s limits, never a cut label', () => {
    expect(planMessengerChoices('Pick one', n(14))).toEqual({ kind: 'numbered', reason: 'too_many' });
    expect(planMessengerChoices('Pick one', ['a'.repeat(21), 'b'])).toEqual({ kind: 'numbered', reason: 'title_too_long' });
    expect(planMessengerChoices('', ['Yes', 'No'])).toEqual({ kind: 'numbered', reason: 'body_unusable' });
    expect(planMessengerChoices('q'.repeat(2001), ['Yes', 'No'])).toEqual({ kind: 'numbered', reason: 'body_unusable' });
    expect(planMessengerChoices('Pick', ['Yes', 'yes ', 'Yes'])).toEqual({ kind: 'numbered', reason: 'titles_unusable' });
    expect(planMessengerChoices('Pick', [])).toEqual({ kind: 'numbered', reason: 'no_choices' });
  });
});
