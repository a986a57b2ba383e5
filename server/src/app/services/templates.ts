// Starter bots from templates/*.flow.json. A template may use placeholders such as
// "{{resource}}" that are filled in when a bot is created from it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlowDocument } from '@botloom/shared';

export interface BotTemplate {
  id: string;
  name: string;
  description: string;
  requires: string[];
  flow: FlowDocument;
}

const TEMPLATES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../templates');
let cached: BotTemplate[] | undefined;

export function listTemplates(): BotTemplate[] {
  cached ??= readdirSync(TEMPLATES_DIR)
    .filter((f) => f.endsWith('.flow.json'))
    .sort()
    .map((file) => {
      const raw = JSON.parse(readFileSync(join(TEMPLATES_DIR, file), 'utf8')) as Omit<BotTemplate, 'id'>;
      return { id: file.replace('.flow.json', ''), name: raw.name, description: raw.description, requires: raw.requires ?? [], flow: raw.flow };
    });
  return cached;
}

export function findTemplate(id: string): BotTemplate | undefined {
  return listTemplates().find((t) => t.id === id);
}

/** Replaces "{{name}}" placeholders in every string of the flow (only the names given). */
export function fillPlaceholders(flow: FlowDocument, values: Record<string, string>): FlowDocument {
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (m, name: string) => values[name] ?? m);
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    return value;
  };
  return fill(flow) as FlowDocument;
}
