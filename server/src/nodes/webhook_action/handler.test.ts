import { describe, expect, it } from 'vitest';
import { buildFlow, createHarness, effectResult, message, sentTexts, start } from '../../../../tests/support/engine-harness';

function hookFlow(hook: Record<string, unknown>) {
  return buildFlow(
    [
      ['s', 'start'],
      ['setup', 'set_variable', { name: 'order', value: 'A-7' }],
      ['hook', 'webhook_action', { url: 'https://crm.example.com/leads/{{state.order}}', ...hook }],
      ['yes', 'send_message', { text: 'saved' }],
      ['no', 'send_message', { text: 'failed' }],
    ],
    [
      ['s', 'out', 'setup'],
      ['setup', 'out', 'hook'],
      ['hook', 'success', 'yes'],
      ['hook', 'failure', 'no'],
    ],
  );
}

describe('webhook_action: the request', () => {
  it('emits one http_request effect with rendered url, headers and body, and waits for its result', () => {
    const flow = hookFlow({
      method: 'PUT',
      headers: { Authorization: 'Bearer {{contact.token}}', 'X-Static': 'yes' },
      body: { name: '{{contact.first_name}}', order: '{{state.order}}', tags: ['{{contact.first_name}}', 1], nested: { n: 2 } },
      timeout_ms: 5000,
    });
    const h = createHarness(flow, { contact: { first_name: 'Ana', token: 't0k' } });
    const r = h.step(start());
    expect(r.effects).toEqual([
      {
        type: 'http_request',
        nodeId: 'hook',
        token: 'id-1',
        request: {
          url: 'https://crm.example.com/leads/A-7',
          method: 'PUT',
          headers: { Authorization: 'Bearer t0k', 'X-Static': 'yes' },
          body: { name: 'Ana', order: 'A-7', tags: ['Ana', 1], nested: { n: 2 } },
          timeoutMs: 5000,
        },
      },
    ]);
    expect(r.state).toMatchObject({ status: 'waiting', nodeId: 'hook', wait: { nodeId: 'hook', for: 'effect', token: 'id-1' } });
  });

  it('defaults to POST with no headers, no body and a 10 s timeout', () => {
    const r = createHarness(hookFlow({})).step(start());
    expect(r.effects).toEqual([
      {
        type: 'http_request',
        nodeId: 'hook',
        token: 'id-1',
        request: { url: 'https://crm.example.com/leads/A-7', method: 'POST', headers: {}, body: undefined, timeoutMs: 10_000 },
      },
    ]);
  });

  it('sends no body with GET', () => {
    const r = createHarness(hookFlow({ method: 'GET', body: { a: 1 } })).step(start());
    expect(r.effects[0]).toMatchObject({ type: 'http_request', request: { method: 'GET', body: undefined } });
  });

  it('a body that is one placeholder keeps the value type', () => {
    const flow = hookFlow({ body: '{{contact.profile}}' });
    const r = createHarness(flow, { contact: { profile: { age: 30, vip: true } } }).step(start());
    expect(r.effects[0]).toMatchObject({ request: { body: { age: 30, vip: true } } });
  });
});

describe('webhook_action: the result', () => {
  it('a 2xx result stores the response body and leaves through "success"', () => {
    const h = createHarness(hookFlow({ store_response_in: 'crm' }));
    h.step(start());
    const r = h.step(effectResult('id-1', { ok: true, data: { status: 201, body: { id: 99, stage: 'new' } } }));
    expect(r.state.vars.crm).toEqual({ id: 99, stage: 'new' });
    expect(r.trace[0]).toEqual({ type: 'edge_followed', from: 'hook', handle: 'success', to: 'yes' });
    expect(sentTexts(r)).toEqual(['saved']);
  });

  it('stores nothing when store_response_in is not set', () => {
    const h = createHarness(hookFlow({}));
    h.step(start());
    const r = h.step(effectResult('id-1', { ok: true, data: { status: 200, body: 'fine' } }));
    expect(r.state.vars).toEqual({ order: 'A-7' });
    expect(sentTexts(r)).toEqual(['saved']);
  });

  it.each([
    [{ ok: true, data: { status: 500, body: 'boom' } }, 'the server answered 500', 500],
    [{ ok: true, data: { status: 302, body: '' } }, 'the server answered 302', 302],
    [{ ok: true, data: { status: 404 } }, 'the server answered 404', 404],
    [{ ok: false, error: 'timed out after 10000 ms' }, 'timed out after 10000 ms', null],
    [{ ok: false }, 'the server answered with an error', null],
    [{ ok: true, data: 'not a response' }, 'the server answered with an error', null],
  ])('%j leaves through "failure" and stores the error', (result, reason, status) => {
    const h = createHarness(hookFlow({ store_response_in: 'crm' }));
    h.step(start());
    const r = h.step(effectResult('id-1', result));
    expect(r.trace).toContainEqual({ type: 'note', nodeId: 'hook', message: `webhook failed: ${reason}`, problem: { kind: 'webhook_failed', detail: reason } });
    expect(r.trace).toContainEqual({ type: 'edge_followed', from: 'hook', handle: 'failure', to: 'no' });
    expect(r.state.vars.crm).toEqual({ error: reason, status });
    expect(sentTexts(r)).toEqual(['failed']);
  });

  it('ignores a result with another token, and messages while the call is out', () => {
    const h = createHarness(hookFlow({ store_response_in: 'crm' }));
    h.step(start());
    const stale = h.step(effectResult('id-0', { ok: true, data: { status: 200, body: 'old' } }));
    expect(stale.trace).toEqual([{ type: 'ignored', reason: 'stale effect result' }]);
    expect(stale.state.vars.crm).toBeUndefined();
    expect(h.step(message('hello')).trace).toEqual([{ type: 'ignored', reason: 'message arrived while waiting for effect' }]);
    expect(h.state).toMatchObject({ status: 'waiting', wait: { token: 'id-1' } });
    expect(sentTexts(h.step(effectResult('id-1', { ok: true, data: { status: 204 } })))).toEqual(['saved']);
  });

  it('a duplicate result after the flow moved on is ignored', () => {
    const h = createHarness(hookFlow({}));
    h.step(start());
    h.step(effectResult('id-1', { ok: true, data: { status: 200 } }));
    expect(h.step(effectResult('id-1', { ok: true, data: { status: 200 } })).trace).toEqual([
      { type: 'ignored', reason: 'conversation is completed, not waiting' },
    ]);
  });
});
