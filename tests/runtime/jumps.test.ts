// A bot with several flows on the in-memory twins: the memory catalog links them as the MongoDB
// one does, and a conversation pinned to a version jumps within that version only.
import { describe, expect, it } from 'vitest';
import { edge, node, startRuntime } from './runtime-harness';

const MAIN = 'b00000000000000000000001';
const FAQ = 'b00000000000000000000002';

function version(tag: string) {
  return [
    {
      id: MAIN,
      name: 'Main',
      main: true,
      nodes: [node('s', 'start'), node('q', 'ask', { question: 'Name?', save_as: 'name' }), node('go', 'jump', { flow_id: FAQ })],
      edges: [edge('s', 'q'), edge('q', 'go', 'answered')],
    },
    {
      id: FAQ,
      name: 'FAQ',
      main: false,
      nodes: [node('s', 'start'), node('hi', 'send_message', { text: `${tag} for {{state.name}}` })],
      edges: [edge('s', 'hi')],
    },
  ];
}

describe('jumps on the in-memory runtime', () => {
  it('jumps to the other flow of the version the conversation started on', async () => {
    const rt = startRuntime();
    rt.publish(version('v1') as never);
    await rt.say('+1700', 'hi');
    rt.publish(version('v2') as never);
    await rt.say('+1700', 'Ana');
    await rt.say('+1701', 'hi');
    await rt.say('+1701', 'Ben');
    expect(rt.textsTo('+1700')).toEqual(['Name?', 'v1 for Ana']);
    expect(rt.textsTo('+1701')).toEqual(['Name?', 'v2 for Ben']);
    expect((await rt.stores.catalog.resolveVersion(rt.botId, 'published'))?.flowId).toBe(MAIN);
  });

  it('refuses a set of flows that would loop through jumps, as publishing does', () => {
    const rt = startRuntime();
    const looping = version('x');
    looping[1] = { ...looping[1]!, nodes: [node('s', 'start'), node('back', 'jump', { flow_id: MAIN })], edges: [edge('s', 'back')] };
    looping[0] = { ...looping[0]!, nodes: [node('s', 'start'), node('go', 'jump', { flow_id: FAQ })], edges: [edge('s', 'go')] };
    expect(() => rt.publish(looping as never)).toThrow('flow version does not validate');
  });
});
