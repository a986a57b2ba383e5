// What the studio adds to a node type beyond its schema: the data a new node starts with, the
// one-line summary shown on the canvas, and hints for the form generated from the schema.
import type { NodeType } from '@botloom/shared';
import type { UiSchema } from '@rjsf/utils';
import type { ComponentType } from 'react';
import type { NodeDataOf } from '../store/flow-types';
import { variableDisplayName } from './variable-names';

export interface NodeDefinition<T extends NodeType> {
  type: T;
  /** The data a node gets when it is dropped on the canvas. */
  defaults: NodeDataOf<T>;
  /** A short preview of the node's settings, shown on its card ("" when there is nothing to say). */
  summary: (data: NodeDataOf<T>) => string;
  /** Field order and widget hints for the settings form generated from the node's schema. */
  uiSchema?: UiSchema;
  /** Fields that mean nothing with the current settings (choices when the answer is not a choice). */
  hiddenFields?: (data: NodeDataOf<T>) => string[];
  /** A box under the settings to try the step out ("Try a sentence" for the AI steps). */
  TryBox?: ComponentType<{ nodeId: string; data: Record<string, unknown> }>;
}

/** A preview of a text for a card: one line, cut at max, variables by their friendly names
 *  ("Hi {{contact.first_name}}" reads "Hi [Contact's first name]"). */
export function quote(text: unknown, max = 60): string {
  if (typeof text !== 'string' || text.trim() === '') return '';
  const flat = text
    .replace(/\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g, (_, path: string) => `[${variableDisplayName(path)}]`)
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
