import { describe, expect, it } from 'vitest';
import { validateForPublish } from '@botloom/shared';
import { initialState, step } from '../../engine/step';
import { nodeHandlers } from '../registry';

const flow = validateForPublish({
  nodes: [
    { id: 's', type: 'start', position: { x: 0, y: 0 }, data: {} },
    { id: 'h', type: 'handoff', position: { x: 0, y: 0 }, data: { message: 'A colleague will reply, {{contact.first_name}}.', note: 'Wants {{message.text}}' } },
    { id: 'after', type: 'send_message', position: { x: 0, y: 0 }, data: { text: 'Back with the bot' } },
  ],
  edges: [{ id: 'e1', source: 's', target: 'h' }],
}).flow!;

const ctx = { now: new Date('2026-03-02T09:00:00Z'), newId: () => 'id-1', contact: { first_name: 'Ada' }, channel: { name: 'simulator' as const, windowOpen: true } };

describe('handoff', () => {
  it('tells the contact, notes why, and leaves the conversation to an agent', () => {
    const result = step(nodeHandlers, flow, initialState(), { type: 'start', message: { id: 'm1', text: 'a refund' } }, ctx);
    expect(result.effects).toEqual([{ type: 'send', nodeId: 'h', text: 'A colleague will reply, Ada.' }]);
    expect(result.state).toMatchObject({ status: 'handoff', nodeId: 'h', wait: null });
    expect(result.trace).toContainEqual({ type: 'handoff', nodeId: 'h', note: 'Wants a refund' });
  });

  it('ignores messages while an agent has the conversation, and resumes where the agent says', () => {
    const handed = step(nodeHandlers, flow, initialState(), { type: 'start', message: { id: 'm1', text: 'hi' } }, ctx).state;
    const ignored = step(nodeHandlers, flow, handed, { type: 'message', message: { id: 'm2', text: 'hello?' } }, ctx);
    expect(ignored.effects).toEqual([]);
    expect(ignored.state.status).toBe('handoff');
    const resumed = step(nodeHandlers, flow, handed, { type: 'resume_at', nodeId: 'after' }, ctx);
    expect(resumed.effects).toEqual([{ type: 'send', nodeId: 'after', text: 'Back with the bot' }]);
  });
});
