// Export the flow as a JSON file; import a Botloom flow file or a ChatBoost flow.
import { validateDraft } from '@botloom/shared';
import type { StoredEdge, StoredNode } from '../api/types';

export interface BotloomFlowFile {
  format: 'botloom-flow';
  name: string;
  exportedAt: string;
  nodes: StoredNode[];
  edges: StoredEdge[];
}

export function downloadJson(fileName: string, content: unknown): void {
  const blob = new Blob([JSON.stringify(content, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function fileNameFor(botName: string): string {
  return `${
    botName
      .trim()
      .replace(/[^\w-]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'bot'
  }.botloom.json`;
}

type Parsed = { kind: 'botloom'; nodes: StoredNode[]; edges: StoredEdge[] } | { kind: 'other'; content: unknown };

/** A Botloom flow is React Flow JSON: nodes with type, position and data, and an edges list. */
export function recognise(content: unknown): Parsed {
  if (typeof content === 'object' && content !== null && !Array.isArray(content)) {
    const { nodes, edges } = content as { nodes?: unknown; edges?: unknown };
    const isNode = (n: unknown) => typeof n === 'object' && n !== null && 'position' in n && 'data' in n && 'type' in n && 'id' in n;
    if (Array.isArray(nodes) && Array.isArray(edges) && nodes.every(isNode)) {
      return { kind: 'botloom', nodes: nodes as StoredNode[], edges: edges as StoredEdge[] };
    }
  }
  return { kind: 'other', content };
}

/** Malformed Botloom files are refused before anything changes. */
export function botloomFileErrors(nodes: StoredNode[], edges: StoredEdge[]): string[] {
  return validateDraft({ nodes, edges }).errors.map((e) => e.message);
}

export async function readJsonFile(file: File): Promise<unknown> {
  const text = await file.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${file.name} is not a JSON file`);
  }
}
