import { describe, expect, it } from 'vitest';
import type { RunnableFlow } from '@botloom/shared';
import { buildFlowSet, createHarness, FLOW_IDS, message, sentTexts, start } from '../../../../tests/support/engine-harness';
import { MAX_NODES_PER_STEP } from '../../engine/step';

const { main, faq } = FLOW_IDS;

// Main asks for a name, then goes to FAQ; FAQ greets by that name and asks a question of its own.
const bot = buildFlowSet([
  {
    id: main,
    name: 'Main',
    main: true,
    nodes: [
      ['s', 'start'],
      ['name', 'ask', { question: 'Your name?', save_as: 'name' }],
      ['go', 'jump', { flow_id: faq }],
    ],
    edges: [
      ['s', 'out', 'name'],
      ['name', 'answered', 'go'],
    ],
  },
  {
    id: faq,
    name: 'FAQ',
    nodes: [
      ['s', 'start'],
      ['hi', 'send_message', { text: 'Hi {{state.name}}, this is the FAQ' }],
      ['topic', 'ask', { question: 'Which topic?', save_as: 'topic' }],
      ['done', 'send_message', { text: '{{state.name}} asked about {{state.topic}}' }],
    ],
    edges: [
      ['s', 'out', 'hi'],
      ['hi', 'out', 'topic'],
      ['topic', 'answered', 'done'],
    ],
  },
]);

describe('jump', () => {
  it('links the flows: main ids unchanged, the others under their flow id', () => {
    expect(bot.nodes.map((n) => n.id)).toEqual(['s', 'name', 'go', `${faq}/s`, `${faq}/hi`, `${faq}/topic`, `${faq}/done`]);
    expect(bot.flows).toEqual([
      { id: main, name: 'Main', main: true, start: 's' },
      { id: faq, name: 'FAQ', main: false, start: `${faq}/s` },
    ]);
  });

  it('continues in the other flow from its Start, with the same variables, and journals the jump', () => {
    const h = createHarness(bot);
    expect(sentTexts(h.step(start()))).toEqual(['Your name?']);
    const r = h.step(message('Ana'));
    expect(sentTexts(r)).toEqual(['Hi Ana, this is the FAQ', 'Which topic?']);
    expect(r.trace).toContainEqual({ type: 'jumped', nodeId: 'go', flowId: faq, flowName: 'FAQ', to: `${faq}/s` });
    expect(r.trace).toContainEqual({ type: 'node_entered', nodeId: `${faq}/s`, nodeType: 'start' });
    expect(r.state).toMatchObject({ status: 'waiting', nodeId: `${faq}/topic`, vars: { name: 'Ana' } });
    // a reply is taken by the step waiting in the other flow
    const after = h.step(message('prices'));
    expect(sentTexts(after)).toEqual(['Ana asked about prices']);
    expect(after.state.status).toBe('completed');
  });

  it('a start event with a flowId starts in that flow; without one in the main flow', () => {
    const inFaq = createHarness(bot);
    const r = inFaq.step({ type: 'start', flowId: faq });
    expect(sentTexts(r)).toEqual(['Hi , this is the FAQ', 'Which topic?']);
    expect(r.trace[0]).toEqual({ type: 'node_entered', nodeId: `${faq}/s`, nodeType: 'start' });
    const named = createHarness(bot).step({ type: 'start', flowId: main });
    expect(sentTexts(named)).toEqual(['Your name?']);
    expect(sentTexts(createHarness(bot).step(start()))).toEqual(['Your name?']);
  });

  it('a start in a flow the version does not have fails the conversation, saying which', () => {
    const r = createHarness(bot).step({ type: 'start', flowId: 'f0000000000000000000000f' });
    expect(r.state).toMatchObject({ status: 'failed', endReason: 'flow f0000000000000000000000f is not in this version of the bot' });
    expect(r.effects).toEqual([]);
  });

  it('a jump to a flow missing from the version fails the conversation at the jump', () => {
    // publishing refuses this; a version assembled by hand (or damaged) must still fail cleanly
    const broken: RunnableFlow = { ...bot, flows: bot.flows!.filter((f) => f.main) };
    const h = createHarness(broken);
    h.step(start());
    const r = h.step(message('Ana'));
    expect(r.state).toMatchObject({ status: 'failed', nodeId: 'go' });
    expect(r.state.endReason).toContain('is not in this version of the bot');
  });

  it('hand-back may resume at a step of another flow by its linked id', () => {
    const h = createHarness(bot);
    h.step(start());
    const r = h.step({ type: 'resume_at', nodeId: `${faq}/topic` });
    expect(sentTexts(r)).toEqual(['Which topic?']);
    expect(r.state).toMatchObject({ status: 'waiting', nodeId: `${faq}/topic` });
  });

  it('jumps that loop without waiting stop after MAX_NODES_PER_STEP and fail', () => {
    // the validator refuses this loop; built by hand it must still not hang the engine
    const looping: RunnableFlow = {
      nodes: [
        { id: 's', type: 'start', position: { x: 0, y: 0 }, data: {} },
        { id: 'go', type: 'jump', position: { x: 0, y: 0 }, data: { flow_id: faq } },
        { id: `${faq}/s`, type: 'start', position: { x: 0, y: 0 }, data: {} },
        { id: `${faq}/back`, type: 'jump', position: { x: 0, y: 0 }, data: { flow_id: main } },
      ],
      edges: [
        { id: 'e1', source: 's', target: 'go', sourceHandle: 'out' },
        { id: 'e2', source: `${faq}/s`, target: `${faq}/back`, sourceHandle: 'out' },
      ],
      flows: [
        { id: main, name: 'Main', main: true, start: 's' },
        { id: faq, name: 'FAQ', main: false, start: `${faq}/s` },
      ],
    };
    const r = createHarness(looping).step(start());
    expect(r.state).toMatchObject({ status: 'failed', endReason: `more than ${MAX_NODES_PER_STEP} steps without waiting: the flow loops` });
  });
});
