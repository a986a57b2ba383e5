// The variables a template can use: those the flow writes (save_as, name, store_response_in)
// and those every conversation has. The open editor keeps the list current. Each has its exact
// path (what is inserted: {{state.answer}}) and a friendly label (what the builder reads).
import { nodeCatalogue } from '@botloom/shared';
import { variableDisplayName } from '../../nodes/variable-names';
import type { BotloomNode } from '../../store/flow-types';

export interface TemplateVariable {
  path: string;
  label: string;
  detail: string;
}

const ALWAYS: TemplateVariable[] = ['contact.first_name', 'contact.phone', 'message.text'].map((path) => ({
  path,
  label: variableDisplayName(path),
  detail: 'Every conversation has it',
}));

const WRITING_FIELDS = ['save_as', 'name', 'store_response_in'] as const;

/** "email" and "state.email" both name state.email; contact.* stays contact.*. */
function asPath(name: string): string {
  return name.startsWith('state.') || name.startsWith('contact.') ? name : `state.${name}`;
}

function stepName(node: BotloomNode): string {
  const label = typeof node.data.label === 'string' ? node.data.label.trim() : '';
  return label || nodeCatalogue[node.type].label;
}

export function variablesOf(nodes: readonly BotloomNode[]): TemplateVariable[] {
  const found = new Map<string, TemplateVariable>();
  for (const node of nodes) {
    for (const field of WRITING_FIELDS) {
      const value = (node.data as Record<string, unknown>)[field];
      if (typeof value !== 'string' || !/^[A-Za-z_][\w.]*$/.test(value)) continue;
      const path = asPath(value);
      if (found.has(path) || ALWAYS.some((v) => v.path === path)) continue;
      found.set(path, { path, label: variableDisplayName(path), detail: `Saved by "${stepName(node)}"` });
      // a booking's chosen time, in words ("Tue 3 Mar, 09:00"), is what messages show
      if (node.type === 'book_appointment' && field === 'save_as')
        found.set(`${path}.label`, { path: `${path}.label`, label: `${variableDisplayName(path)}: chosen time`, detail: `Booked by "${stepName(node)}"` });
    }
  }
  return [...[...found.values()].sort((a, b) => a.label.localeCompare(b.label)), ...ALWAYS];
}

let source: () => TemplateVariable[] = () => ALWAYS;

export function setVariableSource(next: () => TemplateVariable[]): void {
  source = next;
}

export function currentVariables(): TemplateVariable[] {
  return source();
}
