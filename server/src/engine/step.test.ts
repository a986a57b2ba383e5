import { describe, expect, it } from 'vitest';
import type { RunnableFlow } from '@botloom/shared';
import { buildFlow, createHarness, effectResult, message, run, start, timer } from '../../../tests/support/engine-harness';
import { nodeHandlers } from '../nodes/registry';
import type { NodeHandlers } from './node-handler';
import { initialState, MAX_NODES_PER_STEP, step } from './step';
import type { ConversationState, EngineContext } from './types';

const HOUR = 3_600_000;

const greet = buildFlow(
  [
    ['s', 'start'],
    ['hi', 'send_message', { text: 'Hi {{contact.first_name}}! You said: {{message.text}}' }],
    ['bye', 'end'],
  ],
  [
    ['s', 'out', 'hi'],
    ['hi', 'out', 'bye'],
  ],
);

const askFlow = buildFlow(
  [
    ['s', 'start'],
    ['q', 'ask', { question: 'Your name?', save_as: 'name', timeout: { duration: 1, unit: 'hours' } }],
    ['thanks', 'send_message', { text: 'Thanks {{state.name}}' }],
    ['late', 'send_message', { text: 'Too late' }],
  ],
  [
    ['s', 'out', 'q'],
    ['q', 'answered', 'thanks'],
    ['q', 'timeout', 'late'],
  ],
);

const pauseFlow = buildFlow(
  [
    ['s', 'start'],
    ['w', 'wait', { mode: 'duration', duration: 2, unit: 'hours' }],
    ['after', 'send_message', { text: 'Two hours later' }],
  ],
  [
    ['s', 'out', 'w'],
    ['w', 'out', 'after'],
  ],
);

describe('step: running a flow', () => {
  it('walks from Start through the graph to an End node', () => {
    const [r] = run(greet, [{ type: 'start', message: { id: 'm1', text: 'hello' } }], { contact: { first_name: 'Ana' } });
    expect(r!.effects).toEqual([{ type: 'send', nodeId: 'hi', text: 'Hi Ana! You said: hello' }]);
    expect(r!.trace).toEqual([
      { type: 'node_entered', nodeId: 's', nodeType: 'start' },
      { type: 'edge_followed', from: 's', handle: 'out', to: 'hi' },
      { type: 'node_entered', nodeId: 'hi', nodeType: 'send_message' },
      { type: 'edge_followed', from: 'hi', handle: 'out', to: 'bye' },
      { type: 'node_entered', nodeId: 'bye', nodeType: 'end' },
      { type: 'ended', status: 'completed', nodeId: 'bye', reason: 'reached an End node' },
    ]);
    expect(r!.state).toEqual({
      status: 'completed',
      nodeId: 'bye',
      vars: {},
      wait: null,
      lastMessage: { text: 'hello' },
      endReason: 'reached an End node',
    });
  });

  it('ends the conversation completed when an exit is not connected', () => {
    const flow = buildFlow(
      [
        ['s', 'start'],
        ['hi', 'send_message', { text: 'Only message' }],
      ],
      [['s', 'out', 'hi']],
    );
    const [r] = run(flow, [start()]);
    expect(r!.state.status).toBe('completed');
    expect(r!.state.nodeId).toBe('hi');
    expect(r!.trace.at(-1)).toEqual({
      type: 'ended',
      status: 'completed',
      nodeId: 'hi',
      reason: 'nothing is connected to the "out" exit of hi',
    });
    expect(r!.effects).toEqual([{ type: 'send', nodeId: 'hi', text: 'Only message' }]);
  });

  it('records which exit led nowhere when one branch of several is not connected', () => {
    const flow = buildFlow(
      [
        ['s', 'start'],
        ['weekday', 'condition', { label: 'Is it a weekday?', variable: 'state.day', operator: '==', value: 'mon' }],
        ['yes', 'send_message', { text: 'Open today' }],
      ],
      [
        ['s', 'out', 'weekday'],
        ['weekday', 'true', 'yes'],
      ],
    );
    const [r] = run(flow, [start()]);
    expect(r!.state).toMatchObject({ status: 'completed', nodeId: 'weekday', endReason: 'nothing is connected to the "false" exit of weekday' });
    expect(r!.trace.at(-1)).toEqual({
      type: 'ended',
      status: 'completed',
      nodeId: 'weekday',
      reason: 'nothing is connected to the "false" exit of weekday',
      exit: 'false',
    });
  });

  it('fails a flow without a Start node', () => {
    const flow: RunnableFlow = { nodes: greet.nodes.filter((n) => n.type !== 'start'), edges: [] };
    const [r] = run(flow, [start()]);
    expect(r!.state).toMatchObject({ status: 'failed', endReason: 'the flow has no Start node' });
    expect(r!.effects).toEqual([]);
  });

  it('stops a loop that never waits after MAX_NODES_PER_STEP visits and fails', () => {
    const valid = buildFlow(
      [
        ['s', 'start'],
        ['a', 'set_variable', { name: 'n', value: 'x' }],
        ['b', 'condition', { variable: 'n', operator: '==', value: 'x' }],
      ],
      [
        ['s', 'out', 'a'],
        ['a', 'out', 'b'],
      ],
    );
    // Publishing refuses such a loop, so add the back edge afterwards, as in a flow saved before the check existed.
    const looping: RunnableFlow = { ...valid, edges: [...valid.edges, { id: 'back', source: 'b', target: 'a', sourceHandle: 'true' }] };
    const started = performance.now();
    const [r] = run(looping, [start()]);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(r!.state.status).toBe('failed');
    expect(r!.state.endReason).toBe(`more than ${MAX_NODES_PER_STEP} steps without waiting: the flow loops`);
    expect(r!.trace.filter((t) => t.type === 'node_entered')).toHaveLength(MAX_NODES_PER_STEP);
    expect(r!.trace.at(-1)).toMatchObject({ type: 'ended', status: 'failed' });
  });

  it('is pure: the input state is not mutated and the same events replay identically', () => {
    const before = initialState();
    const snapshot = structuredClone(before);
    const ctx: EngineContext = {
      now: new Date('2026-03-02T09:00:00Z'),
      newId: () => 'fixed',
      contact: { first_name: 'Ana' },
      channel: { name: 'simulator', windowOpen: true },
    };
    step(nodeHandlers, askFlow, before, start(), ctx);
    expect(before).toEqual(snapshot);
    expect(ctx.contact).toEqual({ first_name: 'Ana' });

    const events = [start(), message('Bo'), start(), timer('id-2')];
    expect(run(askFlow, events)).toEqual(run(askFlow, events));
  });
});

describe('step: waiting', () => {
  it('pauses at a waiting node and resumes there on the matching event', () => {
    const h = createHarness(askFlow);
    const first = h.step(start());
    expect(first.state).toMatchObject({
      status: 'waiting',
      nodeId: 'q',
      wait: { nodeId: 'q', for: 'reply', timeoutToken: 'id-1', data: { attempts: 0 } },
    });
    expect(first.trace.at(-1)).toEqual({ type: 'waiting', nodeId: 'q', for: 'reply' });

    const second = h.step(message('Bo'));
    expect(second.effects).toEqual([
      { type: 'cancel_timer', token: 'id-1' },
      { type: 'send', nodeId: 'thanks', text: 'Thanks Bo' },
    ]);
    expect(second.state).toMatchObject({ status: 'completed', vars: { name: 'Bo' }, lastMessage: { text: 'Bo' }, wait: null });
  });

  it('ignores a message while waiting for a timer, and keeps waiting', () => {
    const h = createHarness(pauseFlow);
    h.step(start());
    const waiting = h.state;
    const r = h.step(message('are you there?'));
    expect(r.effects).toEqual([]);
    expect(r.trace).toEqual([{ type: 'ignored', reason: 'message arrived while waiting for timer' }]);
    expect(r.state).toEqual({ ...waiting, lastMessage: { text: 'are you there?' } });

    h.advance(2 * HOUR);
    const fired = h.step(timer('id-1'));
    expect(fired.effects).toEqual([{ type: 'send', nodeId: 'after', text: 'Two hours later' }]);
  });

  it('ignores a stale timer', () => {
    const h = createHarness(askFlow);
    h.step(start());
    const waiting = h.state;
    const r = h.step(timer('some-old-token'));
    expect(r).toEqual({ state: waiting, effects: [], trace: [{ type: 'ignored', reason: 'stale timer' }] });
  });

  it('does not cancel the timer that just fired', () => {
    const h = createHarness(askFlow);
    h.step(start());
    const r = h.step(timer('id-1'));
    expect(r.effects).toEqual([{ type: 'send', nodeId: 'late', text: 'Too late' }]);
    expect(r.trace.slice(0, 2)).toEqual([
      { type: 'edge_followed', from: 'q', handle: 'timeout', to: 'late' },
      { type: 'node_entered', nodeId: 'late', nodeType: 'send_message' },
    ]);
  });

  it('ignores effect results that are stale or arrive while not waiting for an effect', () => {
    const h = createHarness(askFlow);
    h.step(start());
    expect(h.step(effectResult('id-1', { ok: true })).trace).toEqual([{ type: 'ignored', reason: 'stale effect result' }]);
    expect(h.state.status).toBe('waiting');
  });

  it('ignores events for a conversation that is not waiting', () => {
    const h = createHarness(greet);
    h.step(start());
    const done = h.state;
    const r = h.step(message('again?'));
    expect(r.trace).toEqual([{ type: 'ignored', reason: 'conversation is completed, not waiting' }]);
    expect(r.effects).toEqual([]);
    expect(r.state.status).toBe(done.status);
    expect(h.step(timer('id-1')).trace).toEqual([{ type: 'ignored', reason: 'conversation is completed, not waiting' }]);
  });

  it('fails when the node it waited at is no longer in the flow', () => {
    const h = createHarness(askFlow);
    h.step(start());
    const edited: RunnableFlow = { nodes: askFlow.nodes.filter((n) => n.id !== 'q'), edges: [] };
    const r = step(nodeHandlers, edited, h.state, message('hi'), h.ctx());
    expect(r.state).toMatchObject({ status: 'failed', wait: null, endReason: 'the node it waited at (q) no longer exists' });
  });

  it('ignores an event the waiting node does not handle', () => {
    const handlers: NodeHandlers = { ...nodeHandlers, wait: { enter: nodeHandlers.wait.enter } };
    const h = createHarness(pauseFlow, { handlers });
    h.step(start());
    const r = h.step(timer('id-1'));
    expect(r.trace).toEqual([{ type: 'ignored', reason: 'wait does not handle timer' }]);
    expect(r.state.status).toBe('waiting');
    expect(r.state.wait?.token).toBe('id-1');
  });
});

describe('step: restarting and resuming', () => {
  it('start while waiting restarts from Start and cancels the pending timers', () => {
    const h = createHarness(askFlow);
    h.step(start());
    const r = h.step(start());
    expect(r.effects).toEqual([
      { type: 'cancel_timer', token: 'id-1' },
      { type: 'send', nodeId: 'q', text: 'Your name?' },
      { type: 'schedule_timer', nodeId: 'q', token: 'id-2', at: '2026-03-02T10:00:00.000Z' },
    ]);
    expect(r.state.wait?.timeoutToken).toBe('id-2');
    expect(h.step(timer('id-1')).trace).toEqual([{ type: 'ignored', reason: 'stale timer' }]);
  });

  it('a restarted conversation no longer carries the reason it ended', () => {
    const h = createHarness(askFlow);
    h.step(start());
    h.step(message('Bo'));
    expect(h.state.endReason).toBeDefined();
    const r = h.step(start());
    expect(r.state.status).toBe('waiting');
    expect(r.state).not.toHaveProperty('endReason');
    expect(r.state.vars).toEqual({ name: 'Bo' }); // variables survive a restart
  });

  it('resume_at enters the chosen node and cancels the wait timers', () => {
    const h = createHarness(askFlow);
    h.step(start());
    const r = h.step({ type: 'resume_at', nodeId: 'thanks' });
    expect(r.effects).toEqual([
      { type: 'cancel_timer', token: 'id-1' },
      { type: 'send', nodeId: 'thanks', text: 'Thanks ' },
    ]);
    expect(r.trace[0]).toEqual({ type: 'node_entered', nodeId: 'thanks', nodeType: 'send_message' });
    expect(r.state.status).toBe('completed');
  });

  it('resume_at reopens an ended conversation', () => {
    const h = createHarness(greet, { contact: { first_name: 'Ana' } });
    h.step(start());
    const r = h.step({ type: 'resume_at', nodeId: 'hi' });
    expect(r.effects).toEqual([{ type: 'send', nodeId: 'hi', text: 'Hi Ana! You said: ' }]);
    expect(r.state).toMatchObject({ status: 'completed', endReason: 'reached an End node' });
  });

  it('resume_at a node that does not exist is ignored', () => {
    const h = createHarness(askFlow);
    h.step(start());
    const waiting: ConversationState = h.state;
    const r = h.step({ type: 'resume_at', nodeId: 'ghost' });
    expect(r).toEqual({ state: waiting, effects: [], trace: [{ type: 'ignored', reason: 'node ghost is not in this flow' }] });
  });
});

describe('step: contact writes', () => {
  it('collects every contact write of a step into one update_contact effect, after the others', () => {
    const flow = buildFlow(
      [
        ['s', 'start'],
        ['a', 'set_variable', { name: 'contact.first_name', value: 'Ana' }],
        ['b', 'set_variable', { name: 'contact.city', value: 'Porto' }],
        ['c', 'set_variable', { name: 'contact.first_name', value: 'Ana Maria' }],
        ['d', 'set_variable', { name: 'state.note', value: 'not a contact field' }],
        ['hi', 'send_message', { text: 'Hi {{contact.first_name}} from {{contact.city}}' }],
      ],
      [
        ['s', 'out', 'a'],
        ['a', 'out', 'b'],
        ['b', 'out', 'c'],
        ['c', 'out', 'd'],
        ['d', 'out', 'hi'],
      ],
    );
    const h = createHarness(flow, { contact: { first_name: 'A', phone: '+351900000000' } });
    const r = h.step(start());
    expect(r.effects).toEqual([
      { type: 'send', nodeId: 'hi', text: 'Hi Ana Maria from Porto' },
      { type: 'update_contact', attributes: { first_name: 'Ana Maria', city: 'Porto' } },
    ]);
    expect(r.state.vars).toEqual({ note: 'not a contact field' });
  });

  it('produces no update_contact effect when no contact field was written', () => {
    const [r] = run(askFlow, [start()]);
    expect(r!.effects.some((e) => e.type === 'update_contact')).toBe(false);
  });
});
