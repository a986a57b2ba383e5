import { describe, expect, it } from 'vitest';
import { endingNotice, isInformationNotice, noticesFromJournal, plainWebhookReason, sendFailureText, type NoticeSourceEntry } from './conversation-notices';

const names: Record<string, string> = { hook: 'Check availability', weekday: 'Is it a weekday?', m: 'Reminder' };
const nameOf = (id: string) => names[id];

describe('noticesFromJournal', () => {
  it('words a webhook refused by the SSRF guard with the URL it called, and ends on it when its failure exit leads nowhere', () => {
    const journal: NoticeSourceEntry[] = [
      { seq: 3, type: 'node_entered', nodeId: 'hook', data: { type: 'node_entered', nodeId: 'hook' } },
      { seq: 5, type: 'effect.http_request', nodeId: 'hook', data: { type: 'http_request', nodeId: 'hook', token: 't', method: 'POST', url: 'https://10.0.0.5/slots' } },
      { seq: 7, type: 'note', nodeId: 'hook', data: { type: 'note', nodeId: 'hook', message: 'webhook failed: x', problem: { kind: 'webhook_failed', detail: 'destination 10.0.0.5 is not allowed: 10.0.0.5 is a private network address' } } },
      { seq: 8, type: 'ended', nodeId: 'hook', data: { type: 'ended', status: 'completed', nodeId: 'hook', reason: 'nothing is connected', exit: 'failure' }, at: '2026-01-05T10:00:00.000Z' },
    ];
    const notices = noticesFromJournal(journal, nameOf);
    expect(notices).toEqual([
      { nodeId: 'hook', kind: 'webhook_failed', seq: 7, message: 'The step “Check availability” could not call https://10.0.0.5/slots: that address is private and blocked for safety' },
      { nodeId: 'hook', kind: 'no_exit', seq: 8, at: '2026-01-05T10:00:00.000Z', ending: true, message: 'The conversation ended because the ‘failure’ exit of “Check availability” leads nowhere' },
    ]);
    expect(endingNotice(notices)?.kind).toBe('webhook_failed');
  });

  it('says which exit of which step led nowhere', () => {
    const notices = noticesFromJournal([{ type: 'ended', nodeId: 'weekday', data: { status: 'completed', nodeId: 'weekday', reason: 'r', exit: 'false' } }], nameOf);
    expect(notices.map((n) => n.message)).toEqual(['The conversation ended because the ‘false’ exit of “Is it a weekday?” leads nowhere']);
    expect(endingNotice(notices)?.kind).toBe('no_exit');
  });

  it('has nothing to say about a flow that simply finished, or a note that is no problem', () => {
    const notices = noticesFromJournal(
      [
        { type: 'note', nodeId: 'm', data: { message: 'WhatsApp 24-hour window closed: sending the approved template "x"' } },
        { type: 'ended', nodeId: 'm', data: { status: 'completed', nodeId: 'm', reason: 'nothing is connected to the "out" exit of m' } },
      ],
      nameOf,
    );
    expect(notices).toEqual([]);
    expect(endingNotice(notices)).toBeNull();
  });

  it('a failure the step already explained is not repeated; a failure without one is worded from its reason', () => {
    const closed = noticesFromJournal(
      [
        { type: 'note', nodeId: 'm', data: { problem: { kind: 'window_closed', detail: 'closed' } } },
        { type: 'ended', nodeId: 'm', data: { status: 'failed', nodeId: 'm', reason: 'closed' } },
      ],
      nameOf,
    );
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ kind: 'window_closed', ending: true });
    expect(closed[0]!.message).toContain('“Reminder” could not send its message');
    const loop = noticesFromJournal([{ type: 'ended', data: { status: 'failed', nodeId: null, reason: 'the flow has no Start node' } }], nameOf);
    expect(loop).toEqual([{ nodeId: null, kind: 'failed', ending: true, message: 'The conversation stopped because of an error: the flow has no Start node' }]);
  });

  it('names a calendar that is missing, and a step it does not know by its id', () => {
    const [notice] = noticesFromJournal([{ type: 'note', nodeId: 'book', data: { problem: { kind: 'calendar_failed', detail: 'calendar 665f not found' } } }], nameOf);
    expect(notice!.message).toBe('The step “book” could not use its calendar: its calendar does not exist (it may have been deleted)');
  });
});

describe('jumps in the journal', () => {
  it('says where the conversation went, as information that never ends it nor counts as its problem', () => {
    const notices = noticesFromJournal(
      [
        { seq: 4, type: 'jumped', nodeId: 'go', data: { type: 'jumped', nodeId: 'go', flowId: 'f1', flowName: 'FAQ', to: 'f1/s' } },
        { seq: 9, type: 'ended', nodeId: 'go', data: { status: 'failed', nodeId: 'go', reason: 'boom' } },
      ],
      nameOf,
    );
    expect(notices.map((n) => [n.kind, n.message, n.ending ?? false])).toEqual([
      ['jumped', 'Went on to the flow “FAQ”', false],
      ['failed', 'The conversation stopped because of an error: boom', true],
    ]);
    expect(isInformationNotice(notices[0]!)).toBe(true);
    expect(notices[0]!.flowId).toBe('f1');
    expect(endingNotice(notices)?.kind).toBe('failed');
    expect(endingNotice(notices.slice(0, 1))).toBeNull();
  });
});

describe('plain reasons', () => {
  it.each([
    ['destination 127.0.0.1:9 is not allowed: 127.0.0.1 is a loopback address', 'that address is private and blocked for safety'],
    ['timed out after 10000 ms', 'it did not answer in time'],
    ['the server answered 503', 'the server answered with error 503'],
    ['could not resolve host nowhere.invalid', 'that address does not exist'],
    ['something odd', 'something odd'],
  ])('%s', (detail, plain) => expect(plainWebhookReason(detail)).toBe(plain));

  it('words failed sends and says nothing of sent ones', () => {
    expect(sendFailureText('sent', undefined)).toBeNull();
    expect(sendFailureText('failed', '63016')).toMatch(/24 hours/);
    expect(sendFailureText('failed', 'send_error')).toBe('Not sent: the provider refused or could not be reached');
    expect(sendFailureText('undelivered', '30007')).toBe('Not delivered: the provider could not deliver it (error 30007)');
  });
});
