// What changed between two versions of a flow, in the words a builder uses: steps added,
// removed or changed, and connections added or removed.
import { isNodeType, nodeCatalogue } from './catalogue';
import type { FlowDocument } from './flow-types';
import { nodeSchemas } from './generated/node-schemas';

export interface FlowDiff {
  addedNodes: string[];
  removedNodes: string[];
  changedNodes: string[];
  addedEdges: string[];
  removedEdges: string[];
}

type Edge = FlowDocument['edges'][number];
const edgeKey = (e: Edge) => `${e.source}:${e.sourceHandle ?? ''}->${e.target}`;

/** Stable JSON: key order never counts as a change. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function diffFlows(before: FlowDocument, after: FlowDocument): FlowDiff {
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  return {
    addedNodes: [...now.keys()].filter((id) => !old.has(id)),
    removedNodes: [...old.keys()].filter((id) => !now.has(id)),
    // moving a node on the canvas is not a change to the bot
    changedNodes: [...now.keys()].filter((id) => {
      const a = old.get(id);
      const b = now.get(id)!;
      return a !== undefined && (a.type !== b.type || canonicalJson(a.data) !== canonicalJson(b.data));
    }),
    addedEdges: [...newEdges].filter((k) => !oldEdges.has(k)),
    removedEdges: [...oldEdges].filter((k) => !newEdges.has(k)),
  };
}

/** One field of a step that differs, in words: `Message: “Hello” → “Hi there”`. */
export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
  text: string;
}

/** A changed step and what changed in it. */
export interface StepChange {
  nodeId: string;
  /** What the builder calls the step: its label, else its type's name. */
  step: string;
  fields: FieldChange[];
}

/** How a step fares between two versions, for colouring the canvas. */
export type StepStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export function stepStatus(diff: FlowDiff, nodeId: string): StepStatus {
  if (diff.addedNodes.includes(nodeId)) return 'added';
  if (diff.removedNodes.includes(nodeId)) return 'removed';
  return diff.changedNodes.includes(nodeId) ? 'changed' : 'unchanged';
}

const EMPTY = '(empty)';
const MAX_SHOWN = 120;

/** A field's value as a person reads it: text in quotes, lists joined, anything else as short JSON. */
export function showValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return EMPTY;
  let shown: string;
  if (typeof value === 'string') shown = `“${value}”`;
  else if (typeof value === 'number' || typeof value === 'boolean') shown = String(value);
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) shown = value.length === 0 ? EMPTY : value.map((v) => `“${v}”`).join(', ');
  else shown = canonicalJson(value);
  return shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN - 1)}…` : shown;
}

/** The field's title in the type's schema (what the settings form shows), if it has one. */
function fieldLabel(type: string, field: string): string | undefined {
  const schema = isNodeType(type) ? (nodeSchemas[type] as { properties?: Record<string, { title?: string }> }) : undefined;
  return schema?.properties?.[field]?.title;
}

function humanize(field: string): string {
  const words = field.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function stepName(node: FlowDocument['nodes'][number]): string {
  const label = typeof node.data.label === 'string' && node.data.label.trim() ? node.data.label.trim() : undefined;
  return label ?? (isNodeType(node.type) ? nodeCatalogue[node.type].label : node.type);
}

function fieldChange(field: string, label: string, before: unknown, after: unknown): FieldChange {
  const b = showValue(before);
  const a = showValue(after);
  return { field, label, before: b, after: a, text: `${label}: ${b} → ${a}` };
}

/** For every step changed between `before` and `after`, the fields that differ, in schema order then by name. */
export function describeStepChanges(before: FlowDocument, after: FlowDocument, diff: FlowDiff = diffFlows(before, after)): StepChange[] {
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  return after.nodes
    .filter((n) => diff.changedNodes.includes(n.id))
    .map((now) => {
      const was = old.get(now.id)!;
      const fields: FieldChange[] = [];
      if (was.type !== now.type) fields.push(fieldChange('type', 'Step type', stepName({ ...was, data: {} }), stepName({ ...now, data: {} })));
      const propertiesOf = (type: string) => (isNodeType(type) ? Object.keys((nodeSchemas[type] as { properties?: object }).properties ?? {}) : []);
      const schemaOrder = [...new Set([...propertiesOf(now.type), ...propertiesOf(was.type)])];
      const keys = [...new Set([...Object.keys(was.data), ...Object.keys(now.data)])].sort((a, b) => {
        const ia = schemaOrder.indexOf(a);
        const ib = schemaOrder.indexOf(b);
        return ia === ib ? (a < b ? -1 : 1) : ia === -1 ? 1 : ib === -1 ? -1 : ia - ib;
      });
      for (const key of keys) {
        if (canonicalJson(was.data[key] ?? null) === canonicalJson(now.data[key] ?? null)) continue;
        fields.push(fieldChange(key, fieldLabel(now.type, key) ?? fieldLabel(was.type, key) ?? humanize(key), was.data[key], now.data[key]));
      }
      return { nodeId: now.id, step: stepName(now), fields };
    });
}
