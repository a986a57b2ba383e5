import { describe, expect, it } from 'vitest';
import { buildFlow, createHarness, start, type EdgeSpec } from '../../../../tests/support/engine-harness';

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

describe('send_message: WhatsApp 24-hour window', () => {
  const NOW = '2026-03-02T09:00:00.000Z';
  const ago = (ms: number) => new Date(Date.parse(NOW) - ms).toISOString();
  const H = 3_600_000;
  const M = 60_000;
  const template = {
    name: 'appointment_reminder',
    language: 'en_US',
    variables: ['{{contact.first_name}}', '10:00'],
    content_sid: `HX${'a'.repeat(32)}`,
  };

  /** start -> m -> (out: done | failed: sorry, when connected) */
  function windowFlow(data: Record<string, unknown>, failedExit: boolean) {
    return buildFlow(
      [
        ['s', 'start'],
        ['m', 'send_message', { text: 'Hi {{contact.first_name}}, see you at 10:00', ...data }],
        ['done', 'end'],
        ['sorry', 'set_variable', { name: 'undelivered', value: 'yes' }],
      ],
      [['s', 'out', 'm'], ['m', null, 'done'], ...(failedExit ? [['m', 'failed', 'sorry'] satisfies EdgeSpec] : [])],
    );
  }
  const send = (
    data: Record<string, unknown>,
    lastWrote: number,
    options: { failedExit?: boolean; channel?: 'whatsapp' | 'sms' | 'simulator' | 'messenger' | 'webchat' } = {},
  ) =>
    createHarness(windowFlow(data, options.failedExit ?? false), {
      now: NOW,
      channel: options.channel ?? 'whatsapp',
      lastInboundAt: ago(lastWrote),
      contact: { first_name: 'Ana' },
    }).step(start());

  it('at 23h59 the window is open: the free-form text goes, even with a template set', () => {
    const r = send({ template }, 23 * H + 59 * M);
    expect(r.effects).toEqual([{ type: 'send', nodeId: 'm', text: 'Hi Ana, see you at 10:00' }]);
    expect(r.trace.filter((t) => t.type === 'note')).toEqual([]);
  });

  it('at 24h01 with a template: the rendered template goes, the text stays for the transcript', () => {
    const r = send({ template }, 24 * H + M);
    expect(r.effects).toEqual([
      {
        type: 'send',
        nodeId: 'm',
        text: 'Hi Ana, see you at 10:00',
        template: { name: 'appointment_reminder', language: 'en_US', variables: ['Ana', '10:00'], contentSid: `HX${'a'.repeat(32)}` },
      },
    ]);
    expect(r.trace).toContainEqual({
      type: 'note',
      nodeId: 'm',
      message: 'WhatsApp 24-hour window closed: sending the approved template "appointment_reminder"',
    });
    expect(r.trace).toContainEqual({ type: 'edge_followed', from: 'm', handle: 'out', to: 'done' });
  });

  it('at exactly 24 h the window has closed', () => {
    expect(send({}, 24 * H).state.status).toBe('failed');
  });

  it('at 24h01 without a template: leaves through "failed" when it is connected, sending nothing', () => {
    const r = send({}, 24 * H + M, { failedExit: true });
    expect(r.effects).toEqual([]);
    expect(r.trace).toContainEqual({ type: 'note', nodeId: 'm', message: 'WhatsApp 24-hour window closed and no template set', problem: { kind: 'window_closed', detail: 'WhatsApp 24-hour window closed and no template set' } });
    expect(r.trace).toContainEqual({ type: 'edge_followed', from: 'm', handle: 'failed', to: 'sorry' });
    expect(r.state.vars).toEqual({ undelivered: 'yes' });
  });

  it('at 24h01 without a template and no "failed" exit: the conversation fails, saying why', () => {
    const r = send({}, 24 * H + M);
    expect(r.effects).toEqual([]);
    expect(r.state).toMatchObject({ status: 'failed', nodeId: 'm', endReason: 'WhatsApp 24-hour window closed and no template set' });
    expect(r.trace.at(-1)).toEqual({
      type: 'ended',
      status: 'failed',
      nodeId: 'm',
      reason: 'WhatsApp 24-hour window closed and no template set',
    });
  });

  it('a contact who never wrote has no open window', () => {
    const r = createHarness(windowFlow({}, false), { now: NOW, channel: 'whatsapp' }).step(start());
    expect(r.state.status).toBe('failed');
  });

  it('Messenger: inside 24 h the text goes; after, not even with a template (a page has none): "failed", or the conversation fails', () => {
    expect(send({ template }, 23 * H + 59 * M, { channel: 'messenger' }).effects).toEqual([{ type: 'send', nodeId: 'm', text: 'Hi Ana, see you at 10:00' }]);
    const closed = 'Messenger 24-hour window closed: a page may not write first';
    const leaves = send({ template }, 24 * H + M, { channel: 'messenger', failedExit: true });
    expect(leaves.effects).toEqual([]);
    expect(leaves.trace).toContainEqual({ type: 'note', nodeId: 'm', message: closed, problem: { kind: 'window_closed', detail: closed } });
    expect(leaves.trace).toContainEqual({ type: 'edge_followed', from: 'm', handle: 'failed', to: 'sorry' });
    expect(send({}, 24 * H + M, { channel: 'messenger' }).state).toMatchObject({ status: 'failed', endReason: closed });
  });

  it('SMS, web chat and the simulator have no window', () => {
    for (const channel of ['sms', 'simulator', 'webchat'] as const) {
      const r = send({ template }, 30 * 24 * H, { channel });
      expect(r.effects, channel).toEqual([{ type: 'send', nodeId: 'm', text: 'Hi Ana, see you at 10:00' }]);
    }
  });

  it('an unnamed edge is the "out" exit, never "failed"', () => {
    const r = send({}, 24 * H + M); // m -> done is unnamed; "failed" is not connected
    expect(r.trace).not.toContainEqual(expect.objectContaining({ type: 'edge_followed', from: 'm', to: 'done' }));
  });
});
