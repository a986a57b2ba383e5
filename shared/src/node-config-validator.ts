// Checks one node's data against its type's JSON Schema and splits the findings into
// "malformed" (no editor could produce it: wrong type, value outside its enum) and problems
// (unfinished or wrong in a way a person can type: empty, too long, a space in a variable name),
// because a draft is always saved with its problems but never malformed.
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { NODE_TYPES, type NodeConfigByType, type NodeType } from './generated/node-configs';
import { commonSchemas, nodeSchemas } from './generated/node-schemas';
import { issue, type FlowIssue } from './issues';

const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
ajv.addKeyword('x-botloom').addKeyword('x-botloom-widget');
for (const schema of commonSchemas) ajv.addSchema(schema);

type Validators = { [T in NodeType]: ValidateFunction<NodeConfigByType[T]> };
let validators: Validators | undefined;

function getValidators(): Validators {
  validators ??= Object.fromEntries(NODE_TYPES.map((t) => [t, ajv.compile(nodeSchemas[t])])) as unknown as Validators;
  return validators;
}

/** Narrows a node's data to its typed config: the only place data becomes typed. */
export function isValidConfig<T extends NodeType>(type: T, data: unknown): data is NodeConfigByType[T] {
  return getValidators()[type](data);
}

/**
 * Keywords about a value's size or form (too long, wrong pattern, out of range, still empty): a
 * person typing in a field produces these every day, so they are problems on the node and the draft
 * is still saved. Anything else (a wrong JSON type, a value outside its list) no form can produce:
 * it is malformed and refused.
 */
const PROBLEM_KEYWORDS = new Set([
  'required',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
]);

type FieldSchema = { 'x-botloom-widget'?: string };

/** Fields where a person types JSON (webhook headers and body): any shape there is something typed. */
function isTypedJson(type: NodeType, instancePath: string): boolean {
  const field = instancePath.split('/')[1];
  if (!field) return false;
  const props = (nodeSchemas[type] as { properties?: Record<string, FieldSchema> }).properties ?? {};
  return props[field]?.['x-botloom-widget'] === 'json';
}

function isProblem(type: NodeType, err: ErrorObject): boolean {
  if (PROBLEM_KEYWORDS.has(err.keyword)) return true;
  if (isTypedJson(type, err.instancePath)) return true;
  // an emptied form field (a cleared number or list) arrives as null or "": unfinished, not malformed
  if ((err.keyword === 'type' || err.keyword === 'enum') && (err.data === null || err.data === '')) return true;
  // 2.5 in a whole-number field is a number typed, not a wrong type
  return err.keyword === 'type' && (err.params as { type?: string }).type === 'integer' && typeof err.data === 'number';
}

function titleOf(type: NodeType, field: string): string {
  const props = (nodeSchemas[type] as { properties?: Record<string, { title?: string }> }).properties ?? {};
  return props[field]?.title ?? field;
}

const PATTERN_WORDS: Record<string, string> = {
  '^((state|contact)\\.)?[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$': 'Use a variable name such as state.email: letters, digits and _, no spaces',
  '^[a-z0-9_]+$': 'Use lower-case letters, digits and _ only, as in visit_reminder',
  '^[a-z]{2,3}(_[A-Z]{2})?$': 'Use a language code such as en or en_US',
  '^HX[0-9a-fA-F]{32}$': 'A Content SID is HX followed by 32 letters and digits',
};

/** What a person typed wrong, in the builder's words rather than JSON Schema's. */
function plainWords(err: ErrorObject): string | undefined {
  const limit = (err.params as { limit?: number }).limit;
  switch (err.keyword) {
    case 'pattern':
      return PATTERN_WORDS[(err.params as { pattern: string }).pattern];
    case 'maxLength':
      return `Too long: at most ${limit} characters`;
    case 'minLength':
      return `Too short: at least ${limit} characters`;
    case 'maxItems':
      return `Too many: at most ${limit}`;
    case 'minItems':
      return `Add at least ${limit}`;
    case 'minimum':
      return `Must be at least ${limit}`;
    case 'maximum':
      return `Must be at most ${limit}`;
    case 'exclusiveMinimum':
      return `Must be more than ${limit}`;
    case 'exclusiveMaximum':
      return `Must be less than ${limit}`;
    default:
      return undefined;
  }
}

function describe(type: NodeType, err: ErrorObject): string {
  if (err.keyword === 'required') {
    const field = String((err.params as { missingProperty: string }).missingProperty);
    return `"${titleOf(type, field)}" is required`;
  }
  if (err.keyword === 'enum') {
    const allowed = (err.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ');
    return `must be one of: ${allowed}`;
  }
  if (err.keyword === 'minLength' && err.data === '') return 'must not be empty';
  const plain = plainWords(err);
  if (plain) return plain;
  if (err.keyword === 'type' && (err.params as { type?: string }).type === 'integer' && typeof err.data === 'number') return 'must be a whole number';
  return err.message ?? 'is not valid';
}

/** Returns malformed errors and unfinished problems for one node, with pointers under basePath. */
export function checkNodeConfig(
  type: NodeType,
  data: unknown,
  nodeId: string,
  basePath: string,
): { errors: FlowIssue[]; problems: FlowIssue[] } {
  const validate = getValidators()[type];
  const errors: FlowIssue[] = [];
  const problems: FlowIssue[] = [];
  if (validate(data)) return { errors, problems };
  const all = validate.errors ?? [];
  // anyOf lists alternatives ("text or a picture"); report it once as unfinished, not each branch.
  const anyOfFailures = all.filter((e) => e.keyword === 'anyOf');
  for (const err of anyOfFailures) {
    const options = (nodeSchemas[type] as { anyOf?: Array<{ required?: string[] }> }).anyOf ?? [];
    const names = options.map((o) => (o.required ?? []).map((f) => `"${titleOf(type, f)}"`).join(' and '));
    problems.push(issue(basePath + err.instancePath, `Fill in ${names.join(' or ')}`, { nodeId }));
  }
  for (const err of all) {
    if (err.keyword === 'anyOf' || err.keyword === 'if' || err.schemaPath.startsWith('#/anyOf/')) continue;
    const field = err.keyword === 'required' ? `/${(err.params as { missingProperty: string }).missingProperty}` : '';
    const found = issue(basePath + err.instancePath + field, describe(type, err), { nodeId });
    (isProblem(type, err) ? problems : errors).push(found);
  }
  return { errors, problems };
}
