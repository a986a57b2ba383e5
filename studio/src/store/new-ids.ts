// Readable, unique ids for new nodes and edges: "ask-3f9a1c2b".
export function newNodeId(type: string): string {
  return `${type}-${crypto.randomUUID().slice(0, 8)}`;
}

export function edgeId(source: string, sourceHandle: string | null | undefined, target: string): string {
  return `${source}-${sourceHandle ?? 'out'}-${target}`;
}
