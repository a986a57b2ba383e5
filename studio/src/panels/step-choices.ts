// How the "Where next" list names the steps an exit can lead to: the step's own label, or its
// kind and a short preview of what it says (Send message: “Welcome to Sunny…”), never an
// internal id. Steps that would read the same get a number, so two alike can be told apart.
import { nodeCatalogue, type NodeType } from '@botloom/shared';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { definitionOf } from '../nodes/registry';
import { quote } from '../nodes/node-definition';
import { useFlowStore } from '../store/flow-store-context';
import type { BotloomNode } from '../store/flow-types';

export interface StepChoice {
  value: string;
  label: string;
}

/** The words the step says, for the kinds that say something. */
const SPOKEN_TEXT: Partial<Record<NodeType, string>> = { send_message: 'text', ask: 'question', handoff: 'message' };
const PREVIEW_LENGTH = 32;

export function stepChoiceName(node: BotloomNode): string {
  const data = node.data as Record<string, unknown>;
  if (typeof data.label === 'string' && data.label.trim()) return data.label.trim();
  const kind = nodeCatalogue[node.type].label;
  const field = SPOKEN_TEXT[node.type];
  const spoken = field ? quote(data[field], PREVIEW_LENGTH) : '';
  if (spoken) return `${kind}: “${spoken}”`;
  const summary = (definitionOf(node.type).summary as (d: BotloomNode['data']) => string)(node.data);
  if (summary && node.type !== 'end') return `${kind}: ${quote(summary, PREVIEW_LENGTH)}`;
  return node.type === 'end' ? kind : `${kind} (not set up yet)`;
}

/** Numbers the names that repeat: "Ask a question (not set up yet) · 1", "… · 2". */
export function distinctNames(names: readonly string[]): string[] {
  const total = new Map<string, number>();
  for (const name of names) total.set(name, (total.get(name) ?? 0) + 1);
  const seen = new Map<string, number>();
  return names.map((name) => {
    if (total.get(name)! < 2) return name;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return `${name} · ${n}`;
  });
}

const SEPARATOR = '\u0000';
const cache = new WeakMap<object, string>();

function entry(node: BotloomNode): string {
  let name = cache.get(node.data);
  if (name === undefined) {
    name = stepChoiceName(node);
    cache.set(node.data, name);
  }
  return `${node.id}${SEPARATOR}${node.type}${SEPARATOR}${name}`;
}

/** Every step an exit of `fromId` can lead to (not itself, not Start), named for a person. */
export function useStepChoices(fromId: string): StepChoice[] {
  // strings, compared shallowly: the list changes when a name does, not when a step moves
  const entries = useFlowStore(useShallow((s) => s.nodes.map(entry)));
  return useMemo(() => {
    const steps = entries
      .map((e) => e.split(SEPARATOR) as [string, NodeType, string])
      .filter(([id, type]) => id !== fromId && type !== 'start');
    const labels = distinctNames(steps.map(([, , name]) => name));
    return steps.map(([id], i) => ({ value: id, label: labels[i]! }));
  }, [entries, fromId]);
}
