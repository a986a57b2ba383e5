// How a node is named in lists and menus: its label, or its type's name and a preview.
import { nodeCatalogue } from '@botloom/shared';
import type { BotloomNode } from '../store/flow-types';
import { definitionOf } from './registry';

export function nodeDisplayName(node: BotloomNode): string {
  if (typeof node.data.label === 'string' && node.data.label.trim()) return node.data.label.trim();
  const summary = (definitionOf(node.type).summary as (d: BotloomNode['data']) => string)(node.data);
  const name = nodeCatalogue[node.type].label;
  return summary && !['start', 'end'].includes(node.type) ? `${name}: ${summary}` : name;
}
