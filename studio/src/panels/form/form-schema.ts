// Turns a node type's JSON Schema into the schema and uiSchema of its settings form: references
// inlined, alternatives (anyOf / if-then-else) left to the shared validator, defaults shown as
// placeholders instead of being written into the node, and the x-botloom-widget hints mapped
// to the studio's widgets.
import { commonSchemas, nodeSchemas, type NodeType } from '@botloom/shared';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { definitionOf } from '../../nodes/registry';

type Json = Record<string, unknown>;

const DROPPED_KEYS = new Set(['$schema', '$id', '$defs', 'anyOf', 'if', 'then', 'else', 'x-botloom', 'default']);

function resolveRef(ref: string, root: Json): Json {
  if (ref.startsWith('#/$defs/')) return ((root.$defs as Json)[ref.slice('#/$defs/'.length)] ?? {}) as Json;
  const common = commonSchemas.find((s) => ref.endsWith(s.$id.split('/').slice(-2).join('/')));
  if (!common) throw new Error(`Cannot resolve ${ref} for the settings form`);
  return common as unknown as Json;
}

function simplify(schema: Json, root: Json, ui: UiSchema, placeholders: boolean): Json {
  const base = typeof schema.$ref === 'string' ? { ...resolveRef(schema.$ref, root), ...schema, $ref: undefined } : schema;
  const out: Json = {};
  const requiredHere = Array.isArray(base.required) ? (base.required as string[]) : [];
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined || DROPPED_KEYS.has(key) || key === '$ref') continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, Json>).map(([name, prop]) => {
          const fieldUi: UiSchema = (ui[name] as UiSchema | undefined) ?? {};
          ui[name] = fieldUi;
          const field = simplify(prop, root, fieldUi, true);
          // the parts of an optional group (a timeout's amount and unit, a WhatsApp template's
          // name) are required only once the group is used: no required mark on them here
          if (!requiredHere.includes(name)) delete field.required;
          return [name, field];
        }),
      );
    } else if (key === 'items') {
      const itemsUi: UiSchema = (ui.items as UiSchema | undefined) ?? {};
      ui.items = itemsUi;
      out.items = simplify(value as Json, root, itemsUi, false);
    } else out[key] = value;
  }
  // a value the engine compares may be text, a number or yes/no: the form asks for text
  if (Array.isArray(out.type)) out.type = out['x-botloom-widget'] === 'json' ? undefined : 'string';
  const widget = out['x-botloom-widget'];
  delete out['x-botloom-widget'];
  if (widget === 'template') ui['ui:widget'] = 'template';
  if (widget === 'resource') ui['ui:widget'] = 'resource';
  if (widget === 'flow') ui['ui:widget'] = 'flow';
  if (widget === 'json') ui['ui:field'] = 'json';
  if (placeholders && base.default !== undefined && ui['ui:placeholder'] === undefined)
    ui['ui:placeholder'] = `Default: ${String(base.default)}`;
  return out;
}

export interface NodeForm {
  schema: RJSFSchema;
  uiSchema: UiSchema;
}

const cache = new Map<NodeType, NodeForm>();

export function nodeForm(type: NodeType): NodeForm {
  const cached = cache.get(type);
  if (cached) return cached;
  const root = nodeSchemas[type] as unknown as Json;
  const uiSchema: UiSchema = structuredClone(definitionOf(type).uiSchema ?? {});
  const schema = simplify(root, root, uiSchema, false);
  // fields a schema gains later still show: before "label", which always comes last
  const order = uiSchema['ui:order'] as string[] | undefined;
  if (order && !order.includes('*')) {
    const at = order.indexOf('label');
    uiSchema['ui:order'] = at >= 0 ? [...order.slice(0, at), '*', ...order.slice(at)] : [...order, '*'];
  }
  delete schema.title;
  delete schema.description;
  const form = { schema: schema as RJSFSchema, uiSchema: { ...uiSchema, 'ui:submitButtonOptions': { norender: true } } };
  cache.set(type, form);
  return form;
}
