// A generated flow of any size for the studio benchmark and the large-flow e2e test: a chain of
// messages with a condition every tenth step (its "false" exit skips a step), laid out on a
// plain grid the way an imported flow arrives. Every step is reachable from Start.
export interface GeneratedFlow {
  nodes: Array<{ id: string; type: string; position: { x: number; y: number }; data: Record<string, unknown> }>;
  edges: Array<{ id: string; source: string; target: string; sourceHandle: string }>;
}

const COLUMNS = 25;

export function largeFlow(count: number): GeneratedFlow {
  const nodes: GeneratedFlow['nodes'] = [{ id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} }];
  const edges: GeneratedFlow['edges'] = [];
  const idOf = (i: number) => (i === 0 ? 'start' : `s${i}`);
  const isCondition = (i: number) => i % 10 === 5;
  for (let i = 1; i < count; i++) {
    const position = { x: (i % COLUMNS) * 280, y: Math.floor(i / COLUMNS) * 180 };
    nodes.push(
      isCondition(i)
        ? { id: idOf(i), type: 'condition', position, data: { variable: 'message.text', operator: 'contains', value: `word ${i}` } }
        : {
            id: idOf(i),
            type: 'send_message',
            position,
            data: { text: `Step ${i}: thanks for writing to Sunny Dental, we read every message.` },
          },
    );
  }
  const link = (from: number, handle: string, to: number) =>
    to < count && edges.push({ id: `${idOf(from)}-${handle}-${idOf(to)}`, source: idOf(from), target: idOf(to), sourceHandle: handle });
  for (let i = 0; i < count - 1; i++) {
    if (isCondition(i)) {
      link(i, 'true', i + 1);
      link(i, 'false', i + 2);
    } else link(i, 'out', i + 1);
  }
  return { nodes, edges };
}
