import { describe, expect, it } from 'vitest';
import { buildFlow, createHarness, start } from '../../../../tests/support/engine-harness';

function send(data: Record<string, unknown>, contact: Record<string, unknown> = {}) {
  const flow = buildFlow(
    [
      ['s', 'start'],
      ['m', 'send_message', data],
      ['next', 'end'],
    ],
    [
      ['s', 'out', 'm'],
      ['m', 'out', 'next'],
    ],
  );
  return createHarness(flow, { contact }).step(start());
}

describe('send_message', () => {
  it('sends the rendered text and leaves through "out"', () => {
    const r = send({ text: 'Hello {{contact.first_name}}{{contact.missing}}!' }, { first_name: 'Ana' });
    expect(r.effects).toEqual([{ type: 'send', nodeId: 'm', text: 'Hello Ana!' }]);
    expect(r.trace).toContainEqual({ type: 'edge_followed', from: 'm', handle: 'out', to: 'next' });
    expect(r.state.status).toBe('completed');
  });

  it('sends a rendered media url with the text', () => {
    const r = send({ text: 'Your ticket', media_url: 'https://cdn.example.com/t/{{contact.ticket}}.pdf' }, { ticket: 'T1' });
    expect(r.effects).toEqual([{ type: 'send', nodeId: 'm', text: 'Your ticket', mediaUrl: 'https://cdn.example.com/t/T1.pdf' }]);
  });

  it('sends a picture alone with empty text', () => {
    const r = send({ media_url: 'https://cdn.example.com/a.png' });
    expect(r.effects).toEqual([{ type: 'send', nodeId: 'm', text: '', mediaUrl: 'https://cdn.example.com/a.png' }]);
  });

  it('renders code-looking templates literally', () => {
    const r = send({ text: "{{constructor.constructor('return 1')()}}" });
    expect(r.effects).toEqual([{ type: 'send', nodeId: 'm', text: "{{constructor.constructor('return 1')()}}" }]);
  });
});
