// The pure parts of the studio's text fields: when the variable list applies, what inserting
// a variable does to the text, the character counter and the names builders read.
import { describe, expect, it } from 'vitest';
import { characterCount, counterState } from '../../studio/src/panels/text/character-count';
import {
  completeVariable,
  insertVariableAt,
  matchingVariables,
  variableQueryAt,
} from '../../studio/src/panels/text/variable-query';
import { savedAsText, variableDisplayName } from '../../studio/src/nodes/variable-names';

describe('the variable list', () => {
  it('never applies to ordinary words, sentences or new lines', () => {
    for (const text of ['Welcome to Sunny Clinic', 'We are open\n', 'cont', 'Price: {5}', 'a { b']) {
      expect(variableQueryAt(text, text.length), text).toBeNull();
    }
  });

  it('applies right after "{{" and while a name is typed', () => {
    expect(variableQueryAt('Hi {{', 5)).toEqual({ start: 3, end: 5, query: '' });
    expect(variableQueryAt('Hi {{contact.fi', 15)).toEqual({ start: 3, end: 15, query: 'contact.fi' });
  });

  it('stops at a space, a new line or a closed name', () => {
    expect(variableQueryAt('Hi {{name}}', 11)).toBeNull();
    expect(variableQueryAt('Hi {{na\n', 8)).toBeNull();
    expect(variableQueryAt('Hi {{ name', 10)).toBeNull();
  });

  it('follows the caret, not the end of the text', () => {
    const text = 'Hi {{ and more';
    expect(variableQueryAt(text, 5)).toEqual({ start: 3, end: 5, query: '' });
  });

  it('completes the name being typed, keeping what follows', () => {
    const text = 'Hi {{fir, welcome';
    const done = completeVariable(text, variableQueryAt(text, 8)!, 'contact.first_name');
    expect(done).toEqual({ text: 'Hi {{contact.first_name}}, welcome', caret: 25 });
  });

  it('replaces the rest of a name already closed instead of doubling the braces', () => {
    const text = 'Hi {{sta}}!';
    const done = completeVariable(text, variableQueryAt(text, 6)!, 'state.answer');
    expect(done.text).toBe('Hi {{state.answer}}!');
  });

  it('inserts at the caret or over a selection from the menu', () => {
    expect(insertVariableAt('Hello !', 6, 6, 'contact.first_name').text).toBe('Hello {{contact.first_name}}!');
    expect(insertVariableAt('Hello you!', 6, 9, 'state.name')).toEqual({ text: 'Hello {{state.name}}!', caret: 20 });
  });

  it('filters by exact name or friendly name, case-insensitively', () => {
    const vars = [
      { path: 'state.answer', label: 'answer' },
      { path: 'contact.first_name', label: "Contact's first name" },
    ];
    expect(matchingVariables(vars, '').map((v) => v.path)).toEqual(['state.answer', 'contact.first_name']);
    expect(matchingVariables(vars, 'FIRST').map((v) => v.path)).toEqual(['contact.first_name']);
    expect(matchingVariables(vars, 'state.ans').map((v) => v.path)).toEqual(['state.answer']);
    expect(matchingVariables(vars, 'zzz')).toEqual([]);
  });
});

describe('the character counter', () => {
  it('counts characters as the schema does (an emoji is one)', () => {
    expect(characterCount('')).toBe(0);
    expect(characterCount('héllo')).toBe(5);
    expect(characterCount('ok 👍')).toBe(4);
    expect(characterCount('a\nb')).toBe(3);
  });

  it('reads "count / limit" and warns only past the limit', () => {
    expect(counterState('x'.repeat(123), 4096)).toMatchObject({ text: '123 / 4,096', over: false });
    expect(counterState('x'.repeat(80), 80)).toMatchObject({ text: '80 / 80', over: false });
    const over = counterState('x'.repeat(83), 80);
    expect(over).toMatchObject({ text: '83 / 80', over: true });
    expect(over.spoken).toBe('83 of 80 characters, 3 over the limit');
  });
});

describe('variable names for builders', () => {
  it('drops the state. prefix and names the contact fields in words', () => {
    expect(variableDisplayName('state.answer')).toBe('answer');
    expect(variableDisplayName('answer')).toBe('answer');
    expect(variableDisplayName('contact.first_name')).toBe("Contact's first name");
    expect(variableDisplayName('contact.favourite_colour')).toBe("Contact's favourite colour");
    expect(variableDisplayName('message.text')).toBe('Last message from the contact');
  });

  it('says where an answer is saved without jargon', () => {
    expect(savedAsText('state.email')).toBe('Saved as: email');
    expect(savedAsText('')).toBe('');
    expect(savedAsText(undefined)).toBe('');
  });
});

describe('card previews', () => {
  it('show variables by name and comparisons in words', async () => {
    const { quote } = await import('../../studio/src/nodes/node-definition');
    const { describeComparison } = await import('../../studio/src/nodes/condition/condition-definition');
    expect(quote('Hi {{contact.first_name}},\nyour code is {{ state.code }}')).toBe("Hi [Contact's first name], your code is [code]");
    expect(describeComparison('state.answer', '==', 'yes')).toBe('answer is equal to yes');
    expect(describeComparison('state.answer', 'is_empty', undefined)).toBe('answer is empty');
    expect(describeComparison('contact.city', 'regex', '^Par')).toBe("Contact's city matches the pattern ^Par");
    expect(describeComparison('state.total', 'in', 'a, b')).toBe('total is one of a, b');
  });

  it('has words for every comparison the schema allows', async () => {
    const { OPERATOR_LABELS } = await import('../../studio/src/nodes/condition/operator-labels');
    const { nodeSchemas } = await import('@botloom/shared');
    const operators = (nodeSchemas.condition as unknown as { $defs: { operator: { enum: string[] } } }).$defs.operator.enum;
    expect(Object.keys(OPERATOR_LABELS).sort()).toEqual([...operators].sort());
    for (const label of Object.values(OPERATOR_LABELS)) expect(label).toMatch(/^[a-z ]+$/);
  });
});

describe('the settings form built from a schema', () => {
  it('marks as required only what is required, not the parts of an optional group', async () => {
    const { nodeForm } = await import('../../studio/src/panels/form/form-schema');
    const { schema } = nodeForm('ask');
    const props = schema.properties as Record<string, { required?: string[] }>;
    expect(schema.required).toEqual(['question', 'save_as']);
    expect(props.timeout?.required).toBeUndefined();
    expect(props.template?.required).toBeUndefined();
  });

  it('names the choices in words and keeps the JSON values', async () => {
    const { nodeForm } = await import('../../studio/src/panels/form/form-schema');
    const { schema, uiSchema } = nodeForm('condition');
    const operator = (schema.properties as Record<string, { enum?: string[] }>).operator;
    expect(operator?.enum).toContain('==');
    expect((uiSchema.operator as Record<string, Record<string, string>>)['ui:enumNames']?.['==']).toBe('is equal to');
    expect((uiSchema.rules as { items: Record<string, Record<string, Record<string, string>>> }).items.operator?.['ui:enumNames']?.regex).toBe(
      'matches the pattern',
    );
  });
});
