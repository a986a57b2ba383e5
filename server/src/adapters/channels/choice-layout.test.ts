import { describe, expect, it } from 'vitest';
import { pickChoice } from '../../nodes/ask/answers';
import { layoutChoices } from './choice-layout';

const options = (count: number) => Array.from({ length: count }, (_, i) => `Option ${i + 1}`);

describe('layoutChoices', () => {
  it('WhatsApp: up to 3 short choices are reply buttons whose ids are their numbers', () => {
    expect(layoutChoices('Still coming?', ['Yes', 'No', 'Move it'], 'whatsapp')).toEqual({
      kind: 'buttons',
      body: 'Still coming?',
      options: [
        { id: '1', title: 'Yes' },
        { id: '2', title: 'No' },
        { id: '3', title: 'Move it' },
      ],
    });
  });

  it('WhatsApp: 4 to 10 choices, or a title too long for a button, are a list', () => {
    const list = layoutChoices('Which day?', options(7), 'whatsapp');
    expect(list).toMatchObject({ kind: 'list', body: 'Which day?', button: 'Choose' });
    expect(list.kind === 'list' && list.options.map((o) => o.id)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(layoutChoices('Which?', ['Tuesday afternoon pls', 'No'], 'whatsapp').kind).toBe('list');
  });

  it('WhatsApp: more than 10 choices, or a title over 24 characters, are numbered text', () => {
    expect(layoutChoices('Pick', options(11), 'whatsapp')).toEqual({
      kind: 'text',
      body: `Pick\n${options(11)
        .map((o, i) => `${i + 1}. ${o}`)
        .join('\n')}`,
    });
    expect(layoutChoices('Pick', ['Wednesday morning, early please', 'No'], 'whatsapp')).toEqual({
      kind: 'text',
      body: 'Pick\n1. Wednesday morning, early please\n2. No',
    });
  });

  it('SMS and the simulator always get numbered text', () => {
    for (const channel of ['sms', 'simulator'] as const) {
      expect(layoutChoices('Still coming?', ['Yes', 'No'], channel)).toEqual({ kind: 'text', body: 'Still coming?\n1. Yes\n2. No' });
    }
  });

  it('a message without choices is its text', () => {
    expect(layoutChoices('Hello', undefined, 'whatsapp')).toEqual({ kind: 'text', body: 'Hello' });
    expect(layoutChoices('Hello', [], 'sms')).toEqual({ kind: 'text', body: 'Hello' });
  });

  it('a reply by number, title or button id all pick the same choice', () => {
    const choices = ['Yes', 'No', 'Move it'];
    const layout = layoutChoices('Still coming?', choices, 'whatsapp');
    if (layout.kind !== 'buttons') throw new Error('expected buttons');
    for (const option of layout.options) {
      const picked = choices[Number(option.id) - 1];
      expect(pickChoice(option.id, choices)).toBe(picked); // the button id WhatsApp sends back
      expect(pickChoice(option.title, choices)).toBe(picked); // the title
      expect(pickChoice(`${option.id}.`, choices)).toBe(picked); // a typed number
    }
  });
});
