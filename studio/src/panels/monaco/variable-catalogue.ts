// The variables a template can use: those the flow writes (save_as, name, store_response_in)
// and those every conversation has. The open editor keeps the list current.
import type { BotloomNode } from '../../store/flow-types';

export interface TemplateVariable {
  path: string;
  detail: string;
}

const ALWAYS: TemplateVariable[] = [
  { path: 'contact.first_name', detail: "The contact's first name" },
  { path: 'contact.phone', detail: "The contact's phone number" },
  { path: 'message.text', detail: 'The last message the contact sent' },
];

const WRITING_FIELDS = ['save_as', 'name', 'store_response_in'] as const;

/** "email" and "state.email" both name state.email; contact.* stays contact.*. */
function asPath(name: string): string {
  return name.startsWith('state.') || name.startsWith('contact.') ? name : `state.${name}`;
}

export function variablesOf(nodes: readonly BotloomNode[]): TemplateVariable[] {
  const found = new Map<string, TemplateVariable>();
  for (const node of nodes) {
    for (const field of WRITING_FIELDS) {
      const value = (node.data as Record<string, unknown>)[field];
      if (typeof value !== 'string' || !/^[A-Za-z_][\w.]*$/.test(value)) continue;
      const path = asPath(value);
      const label = typeof node.data.label === 'string' && node.data.label ? node.data.label : node.id;
      if (!found.has(path)) found.set(path, { path, detail: `Set by "${label}"` });
    }
  }
  return [...[...found.values()].sort((a, b) => a.path.localeCompare(b.path)), ...ALWAYS];
}

let source: () => TemplateVariable[] = () => ALWAYS;

export function setVariableSource(next: () => TemplateVariable[]): void {
  source = next;
}

export function currentVariables(): TemplateVariable[] {
  return source();
}
