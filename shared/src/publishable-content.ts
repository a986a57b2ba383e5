// What a published version is made of, as one canonical string: step ids, types and settings and
// the connections between them, in a fixed order. Positions and editor state are left out, so
// moving a card is not a change worth a new version. The server hashes it (versions' contentHash);
// the studio compares it with the live version to say "Nothing changed since version N".
import { implicitHandle, isNodeType, nodeCatalogue } from './catalogue';
import { canonicalJson } from './diff-flows';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The contract lets an edge leave `sourceHandle` unset when its node has one way out. A node whose
 * type has several exits may have only one with its settings (a Wait that pauses has just "out"):
 * such an edge gets that exit's name, so it is stored, validated and run unambiguously.
 */
export function nameSoleExits<T extends { nodes: unknown[]; edges: unknown[] }>(input: T): T {
  const nodes = new Map<string, { type: string; data: Record<string, unknown> }>();
  for (const n of input.nodes) {
    if (isRecord(n) && typeof n.id === 'string' && typeof n.type === 'string' && isRecord(n.data) && !nodes.has(n.id)) nodes.set(n.id, { type: n.type, data: n.data });
  }
  const edges = input.edges.map((e) => {
    if (!isRecord(e) || typeof e.source !== 'string' || (e.sourceHandle !== undefined && e.sourceHandle !== null)) return e;
    const source = nodes.get(e.source);
    if (!source || !isNodeType(source.type)) return e;
    // a type with one exit besides optional ones (send_message: out, and failed) keeps the edge as it came
    const { handles, optionalHandles } = nodeCatalogue[source.type];
    if (handles.filter((h) => !optionalHandles.includes(h)).length < 2) return e;
    const exit = implicitHandle(source.type, source.data);
    return exit ? { ...e, sourceHandle: exit } : e;
  });
  return { ...input, nodes: input.nodes, edges };
}

interface ContentInput {
  nodes: ReadonlyArray<{ id: string; type: string; data?: unknown }>;
  edges: ReadonlyArray<{ source: string; target: string; sourceHandle?: string | null }>;
}

/** Two flows with the same string publish the same bot. */
export function publishableContent(flow: ContentInput): string {
  const named = nameSoleExits({ nodes: [...flow.nodes], edges: [...flow.edges] });
  const nodes = named.nodes
    .map(({ id, type, data }) => ({ id, type, data: data ?? {} }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const edges = (named.edges as ContentInput['edges'])
    .map(({ source, target, sourceHandle }) => canonicalJson({ source, target, sourceHandle: sourceHandle ?? null }))
    .sort();
  return canonicalJson({ nodes, edges });
}
