import { describe, expect, it } from 'vitest';
import { ChatBoostImportError, importChatBoost } from './import-chatboost';
import { validateDraft } from './validate-flow';
import { CHATBOOST_README_NODES } from '../../tests/fixtures/chatboost-readme-nodes';

const edgeList = (input: unknown) => importChatBoost(input).flow.edges.map((e) => [e.id, e.source, e.sourceHandle, e.target]);
const dataOf = (input: unknown, id: string) => importChatBoost(input).flow.nodes.find((n) => n.id === id)?.data;

function importError(input: unknown): ChatBoostImportError {
  try {
    importChatBoost(input);
  } catch (err) {
    if (err instanceof ChatBoostImportError) return err;
    throw err;
  }
  throw new Error('expected a ChatBoostImportError');
}

function expectValid(input: unknown) {
  const result = importChatBoost(input);
  expect(validateDraft(result.flow).errors).toEqual([]);
  return result;
}

describe('importChatBoost: the README example', () => {
  // References 1..5 for 4 nodes: the largest (5) is not the node count, so they count from 0;
  // false_path 4 and the webhook's next 5 point past the last node and stay unconnected.
  const expectedEdges = [
    ['e-start-out', 'start', 'out', 'n0'],
    ['e-n0-out', 'n0', 'out', 'n1'],
    ['e-n1-out', 'n1', 'out', 'n2'],
    ['e-n2-true', 'n2', 'true', 'n3'],
  ];

  it.each([
    ['an array', CHATBOOST_README_NODES, ''],
    ['{nodes}', { nodes: CHATBOOST_README_NODES }, '/nodes'],
    ['{flow: {nodes}}', { flow: { nodes: CHATBOOST_README_NODES } }, '/flow/nodes'],
    ['{flow_data: {nodes}}', { flow_data: { nodes: CHATBOOST_README_NODES } }, '/flow_data/nodes'],
  ])('converts the nodes given as %s into a valid draft', (_name, input, base) => {
    const { flow, warnings } = expectValid(input);
    expect(flow.nodes.map((n) => [n.id, n.type])).toEqual([
      ['start', 'start'],
      ['n0', 'send_message'],
      ['n1', 'wait'],
      ['n2', 'condition'],
      ['n3', 'webhook_action'],
    ]);
    expect(edgeList(input)).toEqual(expectedEdges);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(new RegExp(`^${base}/2/config/false_path: no node with id 4`));
    expect(warnings[1]).toMatch(new RegExp(`^${base}/3/config/next: no node with id 5`));
  });

  it('maps every node config', () => {
    const { flow } = importChatBoost(CHATBOOST_README_NODES);
    expect(flow.nodes.map((n) => n.data)).toEqual([
      {},
      { text: 'Hello {{contact.first_name}}!' },
      { mode: 'duration', duration: 5, unit: 'minutes' },
      { variable: 'state.user_response', operator: '==', value: 'yes' },
      {
        url: 'https://api.example.com/webhook',
        method: 'POST',
        headers: { Authorization: 'Bearer {{state.api_token}}' },
        body: { data: '{{state.user_data}}' },
        store_response_in: 'state.api_result',
      },
    ]);
  });

  it('keeps {{...}} templates byte for byte', () => {
    const text = 'Hi {{ contact.first_name | default: "there" }} – {{state.items[0]}} {{{raw}}} 👋\n{{state.a}}{{state.b}}';
    const nodes = [
      { type: 'send_message', config: { message_type: 'text', content: { text }, next: 1 } },
      {
        type: 'webhook_action',
        config: {
          url: 'https://x.test/{{state.id}}?q={{contact.phone}}',
          headers: { 'X-Key': '{{state.api_token}}' },
          body: '{"a":"{{state.a}}"}',
        },
      },
    ];
    const json = JSON.stringify(importChatBoost(nodes).flow);
    const { flow } = importChatBoost(nodes);
    expect(flow.nodes[1]!.data.text).toBe(text);
    expect(flow.nodes[2]!.data).toMatchObject({
      url: 'https://x.test/{{state.id}}?q={{contact.phone}}',
      headers: { 'X-Key': '{{state.api_token}}' },
      body: '{"a":"{{state.a}}"}',
    });
    expect(json).toContain(JSON.stringify(text));
    const readme = JSON.stringify(importChatBoost(CHATBOOST_README_NODES).flow);
    for (const t of ['Hello {{contact.first_name}}!', 'Bearer {{state.api_token}}', '{{state.user_data}}']) expect(readme).toContain(t);
  });
});

describe('importChatBoost: node ids', () => {
  it('counts from 1 when no reference is 0 and the largest equals the node count', () => {
    const nodes = [
      { type: 'send_message', config: { content: { text: 'Hi' }, next: 2 } },
      { type: 'ask', config: { question: 'Your name?', save_as: 'state.name', next: 3 } },
      { type: 'end', config: {} },
    ];
    const { flow, warnings } = expectValid(nodes);
    expect(flow.nodes.map((n) => n.id)).toEqual(['start', 'n1', 'n2', 'n3']);
    expect(edgeList(nodes)).toEqual([
      ['e-start-out', 'start', 'out', 'n1'],
      ['e-n1-out', 'n1', 'out', 'n2'],
      ['e-n2-answered', 'n2', 'answered', 'n3'],
    ]);
    expect(warnings).toEqual([]);
  });

  it('counts from 0 when the largest reference is not the node count', () => {
    const nodes = [
      { type: 'send_message', config: { content: { text: 'Hi' }, next: 1 } },
      { type: 'send_message', config: { content: { text: 'Again' }, next: 2 } },
      { type: 'end_flow', config: {} },
    ];
    expect(edgeList(nodes)).toEqual([
      ['e-start-out', 'start', 'out', 'n0'],
      ['e-n0-out', 'n0', 'out', 'n1'],
      ['e-n1-out', 'n1', 'out', 'n2'],
    ]);
    expect(importChatBoost(nodes).flow.nodes[3]).toMatchObject({ id: 'n2', type: 'end' });
  });

  it('counts from 0 when a reference is 0, even if the largest equals the node count', () => {
    const nodes = [
      { type: 'wait', config: { duration: 1, unit: 'd', next: 1 } },
      { type: 'condition', config: { variable: 'state.done', operator: 'eq', value: true, true_path: 2, false_path: 0 } },
      { type: 'end', config: {} },
    ];
    const { warnings } = expectValid(nodes);
    expect(edgeList(nodes)).toEqual([
      ['e-start-out', 'start', 'out', 'n0'],
      ['e-n0-out', 'n0', 'out', 'n1'],
      ['e-n1-true', 'n1', 'true', 'n2'],
      ['e-n1-false', 'n1', 'false', 'n0'],
    ]);
    expect(warnings).toEqual([]);
  });

  it("uses a node's own id, node_id or key, and start_node as the entry", () => {
    const input = {
      flow: {
        start_node: 'greet',
        nodes: [
          { id: 'bye', type: 'end', config: {} },
          { id: 'greet', type: 'send_message', config: { content: { text: 'Hi' }, next: 7 } },
          { node_id: 7, type: 'set_variable', config: { name: 'state.greeted', value: 'yes', next: 'k1' } },
          { key: 'k1', type: 'send_message', config: { text: 'Done', next: 'bye' } },
        ],
      },
    };
    const { flow, warnings } = expectValid(input);
    expect(flow.nodes.map((n) => n.id)).toEqual(['start', 'nbye', 'ngreet', 'n7', 'nk1']);
    expect(edgeList(input)).toEqual([
      ['e-start-out', 'start', 'out', 'ngreet'],
      ['e-ngreet-out', 'ngreet', 'out', 'n7'],
      ['e-n7-out', 'n7', 'out', 'nk1'],
      ['e-nk1-out', 'nk1', 'out', 'nbye'],
    ]);
    expect(flow.nodes[3]!.data).toEqual({ name: 'state.greeted', value: 'yes' });
    expect(warnings).toEqual([]);
  });

  it('accepts an object map of id -> node, with entry_node beside the nodes', () => {
    const input = {
      entry_node: '20',
      '10': { type: 'end', config: {} },
      '20': { type: 'question', config: { content: { text: 'Email?' }, store_in: 'contact.email', next: '10' } },
    };
    const { flow, warnings } = expectValid(input);
    expect(flow.nodes.map((n) => [n.id, n.type])).toEqual([
      ['start', 'start'],
      ['n10', 'end'],
      ['n20', 'ask'],
    ]);
    expect(flow.nodes[2]!.data).toEqual({ question: 'Email?', save_as: 'contact.email' });
    expect(edgeList(input)).toEqual([
      ['e-start-out', 'start', 'out', 'n20'],
      ['e-n20-answered', 'n20', 'answered', 'n10'],
    ]);
    expect(warnings).toEqual([]);
  });

  it('falls back to the first node when the entry does not exist, with a warning', () => {
    const { flow, warnings } = importChatBoost({ start_node: 9, nodes: [{ type: 'end', config: {} }] });
    expect(flow.edges).toEqual([{ id: 'e-start-out', source: 'start', target: 'n0', sourceHandle: 'out' }]);
    expect(warnings).toEqual(['The entry node 9 does not exist; the first node is used']);
  });

  it('leaves references to missing nodes unconnected and warns', () => {
    const nodes = [
      { id: 'a', type: 'send_message', config: { content: { text: 'Hi' }, next: 'nowhere' } },
      { id: 'b', type: 'condition', config: { variable: 'state.x', operator: 'is_empty', true_path: 'a', false_path: 42 } },
    ];
    const { flow, warnings } = expectValid({ nodes });
    expect(flow.edges.map((e) => e.id)).toEqual(['e-start-out', 'e-nb-true']);
    expect(flow.edges.some((e) => e.target === 'nnowhere' || e.target === 'n42')).toBe(false);
    expect(warnings).toEqual([
      '/nodes/0/config/next: no node with id "nowhere"; the "out" exit is left unconnected',
      '/nodes/1/config/false_path: no node with id 42; the "false" exit is left unconnected',
    ]);
  });
});

describe('importChatBoost: node mapping', () => {
  it.each([
    ['hours', 2, { duration: 2, unit: 'hours' }],
    ['h', 3, { duration: 3, unit: 'hours' }],
    ['second', 30, { duration: 30, unit: 'seconds' }],
    ['Days', 1, { duration: 1, unit: 'days' }],
    ['weeks', 2, { duration: 14, unit: 'days' }],
    [undefined, 10, { duration: 10, unit: 'minutes' }],
  ])('maps a wait of unit %s', (unit, duration, expected) => {
    const input = [{ type: 'wait', config: { duration, unit, next: null } }];
    expectValid(input);
    expect(dataOf(input, 'n0')).toEqual({ mode: 'duration', ...expected });
  });

  it('maps the webhook success and failure paths, method and timeout', () => {
    const nodes = [
      { type: 'webhook_action', config: { url: 'https://a.test', method: 'get', timeout: 5, next: 1, failure_path: 2 } },
      { type: 'send_message', config: { content: { text: 'ok' } } },
      { type: 'send_message', config: { content: { text: 'failed' } } },
    ];
    const { flow } = expectValid(nodes);
    expect(flow.nodes[1]!.data).toEqual({ url: 'https://a.test', method: 'GET', timeout_ms: 5000 });
    expect(edgeList(nodes).slice(1)).toEqual([
      ['e-n0-success', 'n0', 'success', 'n1'],
      ['e-n0-failure', 'n0', 'failure', 'n2'],
    ]);
    for (const key of ['on_failure', 'error_path']) {
      const alt = [{ type: 'webhook_action', config: { url: 'https://a.test', success_path: 1, [key]: 0, timeout: 2500 } }, nodes[1]];
      expect(edgeList(alt).slice(1)).toEqual([
        ['e-n0-success', 'n0', 'success', 'n1'],
        ['e-n0-failure', 'n0', 'failure', 'n0'],
      ]);
      expect(dataOf(alt, 'n0')).toMatchObject({ method: 'POST', timeout_ms: 2500 });
    }
  });

  it.each([
    ['equals', '=='],
    ['eq', '=='],
    ['not_equals', '!='],
    ['ne', '!='],
    ['gt', '>'],
    ['gte', '>='],
    ['lt', '<'],
    ['lte', '<='],
    ['contains', 'contains'],
    ['starts_with', 'starts_with'],
    ['ends_with', 'ends_with'],
    ['matches', 'regex'],
    ['regex', 'regex'],
    ['empty', 'is_empty'],
    ['is_empty', 'is_empty'],
    ['in', 'in'],
  ])('maps the condition operator %s to %s', (operator, expected) => {
    const input = [{ type: 'condition', config: { variable: 'state.x', operator, value: 3 } }];
    expectValid(input);
    expect(dataOf(input, 'n0')).toEqual({ variable: 'state.x', operator: expected, value: 3 });
  });

  it('maps media messages, questions and variables', () => {
    const nodes = [
      {
        type: 'send_message',
        config: { message_type: 'image', content: { media: { url: 'https://a.test/p.png' }, caption: 'Look' }, next: 1 },
      },
      { type: 'input', config: { question: 'Age?', variable: '{{state.age}}', next: 2 } },
      { type: 'set_variable', config: { variable: 'state.tags', value: ['a', 'b'], next: 3 } },
      { type: 'send_message', config: { message_type: 'document', content: { url: 'https://a.test/f.pdf' } } },
    ];
    const { flow, warnings } = expectValid(nodes);
    expect(flow.nodes.slice(1).map((n) => n.data)).toEqual([
      { text: 'Look', media_url: 'https://a.test/p.png' },
      { question: 'Age?', save_as: 'state.age' },
      { name: 'state.tags', value: '["a","b"]' },
      { media_url: 'https://a.test/f.pdf' },
    ]);
    expect(warnings).toEqual([]);
  });
});

describe('importChatBoost: errors', () => {
  it('reports an unknown node type at its path in the input, listing the supported types', () => {
    const err = importError({ nodes: [...CHATBOOST_README_NODES, { type: 'carousel', config: {} }] });
    expect(err.errors).toHaveLength(1);
    expect(err.errors[0]!.path).toBe('/nodes/4/type');
    expect(err.errors[0]!.message).toContain('carousel');
    for (const t of ['send_message', 'wait', 'condition', 'webhook_action', 'ask', 'set_variable', 'end']) {
      expect(err.errors[0]!.message).toContain(t);
    }
    expect(importError({ '1': { type: 'end', config: {} }, 'a/b': { type: 'x', config: {} } }).errors[0]!.path).toBe('/a~1b/type');
  });

  it('reports nodes without a type or config', () => {
    const err = importError([{ config: {} }, { type: 'wait' }, 'text']);
    expect(err.errors.map((e) => e.path)).toEqual(['/0/type', '/1/config', '/2']);
  });

  it('refuses input that is not a recognisable envelope, or has no nodes', () => {
    expect(importError('hello').errors[0]!.path).toBe('');
    expect(importError({ name: 'x', version: 2 }).errors[0]!.path).toBe('');
    expect(importError({ nodes: 'x' }).errors[0]!.path).toBe('/nodes');
    expect(importError([]).errors).toEqual([{ path: '', message: 'The flow has no nodes' }]);
    expect(importError({ flow: { nodes: [] } }).errors[0]!.path).toBe('/flow/nodes');
  });

  it('refuses two nodes with the same id', () => {
    const err = importError([
      { id: 1, type: 'end', config: {} },
      { id: '1', type: 'end', config: {} },
    ]);
    expect(err.errors).toEqual([{ path: '/1/id', message: 'Two nodes have the id "1"' }]);
  });
});

describe('importChatBoost: layout', () => {
  it('lays nodes out left to right by depth from start, spread 180 px apart', () => {
    const nodes = [
      { type: 'condition', config: { variable: 'state.x', operator: '==', value: 'a', true_path: 1, false_path: 2 } },
      { type: 'end', config: {} },
      { type: 'end', config: {} },
      { type: 'end', config: {} },
    ];
    const positions = Object.fromEntries(importChatBoost(nodes).flow.nodes.map((n) => [n.id, n.position]));
    expect(positions).toEqual({
      start: { x: 0, y: 0 },
      n0: { x: 300, y: 0 },
      n1: { x: 600, y: -90 },
      n2: { x: 600, y: 90 },
      n3: { x: 900, y: 0 }, // nothing leads here: it sits in a column after the rest
    });
  });

  it('is deterministic', () => {
    expect(importChatBoost(CHATBOOST_README_NODES)).toEqual(importChatBoost(structuredClone(CHATBOOST_README_NODES)));
    expect(importChatBoost(CHATBOOST_README_NODES).flow.nodes.map((n) => n.position)).toEqual(
      [0, 1, 2, 3, 4].map((d) => ({ x: d * 300, y: 0 })),
    );
  });

  it('does not modify its input', () => {
    const copy = structuredClone(CHATBOOST_README_NODES);
    importChatBoost(CHATBOOST_README_NODES);
    expect(CHATBOOST_README_NODES).toEqual(copy);
  });
});
