import { describe, expect, it } from 'vitest';
import { renderDeep, renderTemplate, renderUrl, renderValue, stringify } from './interpolate';
import type { Scope } from './variables';

const scope: Scope = {
  state: {
    name: 'Ana',
    total: 42,
    paid: false,
    zero: 0,
    nothing: null,
    order: { id: 'A-7', items: [{ sku: 'tea', qty: 2 }], customer: { city: 'Porto' } },
    tags: ['vip', 'new'],
    price: '$& $1 $$',
  },
  contact: { first_name: 'Ana', phone: '+351900000000' },
  message: { text: 'hello there' },
};

describe('renderTemplate', () => {
  it('fills state, contact and message values', () => {
    expect(renderTemplate('Hi {{contact.first_name}}, you said "{{message.text}}". Total {{state.total}}', scope)).toBe(
      'Hi Ana, you said "hello there". Total 42',
    );
  });

  it('treats a bare name as a state variable', () => {
    expect(renderTemplate('{{name}}/{{state.name}}', scope)).toBe('Ana/Ana');
  });

  it('renders missing values as empty text', () => {
    expect(renderTemplate('[{{state.missing}}][{{contact.last_name}}][{{state.order.nope.deeper}}][{{nothing}}]', scope)).toBe('[][][][]');
  });

  it('follows nested paths, including array indexes', () => {
    expect(
      renderTemplate('{{state.order.customer.city}} {{state.order.items.0.sku}} x{{state.order.items.0.qty}} {{state.tags.1}}', scope),
    ).toBe('Porto tea x2 new');
  });

  it('renders objects and arrays as JSON, and falsy scalars as themselves', () => {
    expect(renderTemplate('{{state.order.customer}}', scope)).toBe('{"city":"Porto"}');
    expect(renderTemplate('{{state.tags}}', scope)).toBe('["vip","new"]');
    expect(renderTemplate('{{state.paid}} {{state.zero}}', scope)).toBe('false 0');
  });

  it('allows whitespace inside the braces', () => {
    expect(renderTemplate('{{ contact.first_name }}|{{   state.total}}|{{state.total\t}}', scope)).toBe('Ana|42|42');
  });

  it('never reaches prototypes', () => {
    expect(
      renderTemplate('[{{__proto__}}][{{state.__proto__}}][{{constructor}}][{{state.constructor}}][{{state.name.constructor}}]', scope),
    ).toBe('[][][][][]');
    expect(renderTemplate('[{{state.order.constructor.name}}][{{contact.__proto__.toString}}][{{state.tags.prototype}}]', scope)).toBe(
      '[][][]',
    );
    expect(renderTemplate('[{{state.toString}}][{{state.hasOwnProperty}}][{{state.name.length}}]', scope)).toBe('[][][]');
  });

  it('executes no code: expressions are not placeholders and render literally', () => {
    const evil = "{{constructor.constructor('return process')()}}";
    expect(renderTemplate(evil, scope)).toBe(evil);
    expect(renderTemplate('{{state.total + 1}}', scope)).toBe('{{state.total + 1}}');
    expect(renderTemplate('{{ `x` }}{{1+1}}{{state["name"]}}', scope)).toBe('{{ `x` }}{{1+1}}{{state["name"]}}');
  });

  it('does not interpret $ patterns in values or render values twice', () => {
    expect(renderTemplate('{{state.price}}', scope)).toBe('$& $1 $$');
    const nested: Scope = { ...scope, state: { a: '{{state.b}}', b: 'secret' } };
    expect(renderTemplate('{{state.a}}', nested)).toBe('{{state.b}}');
  });

  it('leaves text without placeholders, invalid names and unbalanced braces alone', () => {
    expect(renderTemplate('plain {text} {{ }} {{1abc}} {{.name}} {{name.}} {{', scope)).toBe(
      'plain {text} {{ }} {{1abc}} {{.name}} {{name.}} {{',
    );
    expect(renderTemplate('{name} {{{name}}}', scope)).toBe('{name} {Ana}');
  });
});

describe('renderUrl', () => {
  const answers: Scope = { state: { q: 'a/b?c=1&d#e', name: 'Ana' }, contact: {}, message: {} };

  it('percent-encodes filled-in values but keeps the template around them', () => {
    expect(renderUrl('https://api.example.com/search/{{state.q}}?who={{state.name}}&x=1', answers)).toBe(
      'https://api.example.com/search/a%2Fb%3Fc%3D1%26d%23e?who=Ana&x=1',
    );
  });

  it('encodes fallbacks and renders missing values empty', () => {
    expect(renderUrl('https://x.test/{{state.none | a b}}/{{state.gone}}', answers)).toBe('https://x.test/a%20b/');
  });
});

describe('renderValue', () => {
  it('keeps the type of a sole placeholder', () => {
    expect(renderValue('{{state.total}}', scope)).toBe(42);
    expect(renderValue(' {{state.total}}', scope)).toBe(' 42');
    expect(renderValue('{{ state.paid }}', scope)).toBe(false);
    expect(renderValue('{{state.order.customer}}', scope)).toEqual({ city: 'Porto' });
    expect(renderValue('{{state.tags}}', scope)).toEqual(['vip', 'new']);
  });

  it('renders a missing sole placeholder as empty text and mixed text as text', () => {
    expect(renderValue('{{state.missing}}', scope)).toBe('');
    expect(renderValue('{{state.__proto__}}', scope)).toBe('');
    expect(renderValue('n={{state.total}}', scope)).toBe('n=42');
    expect(renderValue('{{state.total}}{{state.total}}', scope)).toBe('4242');
  });
});

describe('renderDeep', () => {
  it('renders every string in a JSON value and keeps other values', () => {
    const body = {
      name: '{{contact.first_name}}',
      total: '{{state.total}}',
      note: 'id {{state.order.id}}',
      list: ['{{state.tags.0}}', 3, null],
      ok: true,
    };
    expect(renderDeep(body, scope)).toEqual({ name: 'Ana', total: 42, note: 'id A-7', list: ['vip', 3, null], ok: true });
  });

  it('does not render keys', () => {
    expect(renderDeep({ '{{state.name}}': 'x' }, scope)).toEqual({ '{{state.name}}': 'x' });
  });
});

describe('stringify', () => {
  it('renders each kind of value', () => {
    expect(stringify(undefined)).toBe('');
    expect(stringify(null)).toBe('');
    expect(stringify('s')).toBe('s');
    expect(stringify(1.5)).toBe('1.5');
    expect(stringify(true)).toBe('true');
    expect(stringify({ a: [1] })).toBe('{"a":[1]}');
  });
});
