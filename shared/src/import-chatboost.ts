// Converts a flow in the "ChatBoost" node format (nodes with type + config, linked by next / true_path /
// false_path) into a Botloom draft. Pure: no I/O. Templates such as {{contact.first_name}} are copied as they are.
import type { FlowDocument } from './flow-types';

export interface ChatBoostImport {
  flow: FlowDocument;
  warnings: string[];
}

export class ChatBoostImportError extends Error {
  constructor(readonly errors: Array<{ path: string; message: string }>) {
    super(`ChatBoost import failed: ${errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ')}`);
    this.name = 'ChatBoostImportError';
  }
}

type Obj = Record<string, unknown>;
type BotloomNode = FlowDocument['nodes'][number];
type BotloomEdge = FlowDocument['edges'][number];
type Source = { ownId?: string; raw: unknown; path: string };
type Link = { handle: string; ref: unknown; path: string };

const TYPE_MAP: Record<string, string> = {
  ...Object.fromEntries('send_message wait condition webhook_action ask set_variable end'.split(' ').map((t) => [t, t])),
  ...{ end_flow: 'end', question: 'ask', input: 'ask' },
};
const OPERATORS: Record<string, string> = {
  ...Object.fromEntries('== != > >= < <= contains starts_with ends_with regex is_empty in'.split(' ').map((o) => [o, o])),
  ...{ '=': '==', equals: '==', equal: '==', eq: '==', not_equals: '!=', not_equal: '!=', ne: '!=', neq: '!=', '<>': '!=' },
  ...{ gt: '>', greater_than: '>', gte: '>=', lt: '<', less_than: '<', lte: '<=', startswith: 'starts_with', endswith: 'ends_with' },
  ...{ matches: 'regex', empty: 'is_empty' },
};
const UNITS: Record<string, [string, number]> = {};
const UNIT_NAMES = { seconds: 's sec secs second', minutes: 'm min mins minute', hours: 'h hr hrs hour', days: 'd day' };
for (const [unit, names] of Object.entries(UNIT_NAMES)) {
  for (const name of [unit, ...names.split(' ')]) UNITS[name] = [unit, 1];
}
for (const name of ['w', 'wk', 'wks', 'week', 'weeks']) UNITS[name] = ['days', 7];
const SUPPORTED = Object.keys(TYPE_MAP).join(', ');
const MEDIA_TYPES = new Set(['image', 'video', 'document', 'audio']);
const NOT_A_FLOW =
  'Not a ChatBoost flow: expected an array of nodes, {nodes}, {flow: {nodes}}, {flow_data: {nodes}} or an object of id -> node';
const VARIABLE = /^((state|contact)\.)?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const ENTRY_KEYS = ['start_node', 'entry_node', 'start_node_id'];
const ID_KEYS = ['id', 'node_id', 'key'];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (...values: unknown[]): string | undefined => values.find((v): v is string => typeof v === 'string');
const pointer = (key: string) => '/' + key.replace(/~/g, '~0').replace(/\//g, '~1');
const isRef = (v: unknown): v is string | number => (typeof v === 'string' && v !== '') || typeof v === 'number';

/** Finds the node list inside any accepted envelope, with JSON pointers into the input. */
function locate(input: unknown): { sources: Source[]; listPath: string; envelopes: Obj[] } {
  const fromList = (list: unknown, listPath: string, envelopes: Obj[]) => {
    if (Array.isArray(list)) return { sources: list.map((raw, i) => ({ raw, path: `${listPath}/${i}` })), listPath, envelopes };
    if (isObj(list)) {
      // an object map of id -> node; entry-point keys next to the nodes are metadata, not nodes
      const keys = Object.keys(list).filter((k) => !(ENTRY_KEYS.includes(k) && !isObj(list[k])));
      const sources = keys.map((k) => ({ ownId: k, raw: list[k], path: listPath + pointer(k) }));
      return { sources, listPath, envelopes: [...envelopes, list] };
    }
    throw new ChatBoostImportError([{ path: listPath, message: 'nodes must be an array or an object of id -> node' }]);
  };
  if (Array.isArray(input)) return fromList(input, '', []);
  if (!isObj(input)) throw new ChatBoostImportError([{ path: '', message: NOT_A_FLOW }]);
  if ('nodes' in input) return fromList(input.nodes, '/nodes', [input]);
  for (const key of ['flow', 'flow_data']) {
    const inner = input[key];
    if (isObj(inner) && 'nodes' in inner) return fromList(inner.nodes, `/${key}/nodes`, [inner, input]);
  }
  const values = Object.values(input);
  if (values.some(isObj) && values.every((v) => isObj(v) || isRef(v))) return fromList(input, '', []);
  throw new ChatBoostImportError([{ path: '', message: NOT_A_FLOW }]);
}

function links(type: string, c: Obj, at: string): Link[] {
  const link = (handle: string, ...keys: string[]): Link[] => {
    const key = keys.find((k) => c[k] !== undefined && c[k] !== null);
    return key === undefined ? [] : [{ handle, ref: c[key], path: `${at}/${key}` }];
  };
  if (type === 'condition') return [...link('true', 'true_path'), ...link('false', 'false_path')];
  if (type === 'webhook_action')
    return [...link('success', 'next', 'success_path'), ...link('failure', 'failure_path', 'on_failure', 'error_path')];
  if (type === 'ask') return [...link('answered', 'next'), ...link('timeout', 'timeout_path')];
  return type === 'end' ? [] : link('out', 'next');
}

/** A variable name as Botloom accepts it ("{{state.x}}" loses its braces); anything else is left out with a warning. */
function varName(name: string | undefined, at: string, warn: (m: string) => void): string | undefined {
  const bare = name?.trim().replace(/^\{\{\s*(.*?)\s*\}\}$/, '$1');
  if (bare === undefined || VARIABLE.test(bare)) return bare;
  warn(`${at}: "${name}" is not a variable name such as state.answer; fill it in`);
  return undefined;
}

/** The Botloom data of one node; anything odd is reported in warnings and left for the editor to finish. */
function toData(type: string, c: Obj, at: string, warn: (m: string) => void): Obj {
  const content = isObj(c.content) ? c.content : {};
  const data: Obj = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined) data[key] = value;
  };
  if (type === 'send_message') {
    const messageType = str(c.message_type) ?? 'text';
    put('text', str(content.text, c.text, content.body, content.caption));
    if (MEDIA_TYPES.has(messageType))
      put('media_url', str(content.media_url, content.url, isObj(content.media) ? content.media.url : undefined));
    else if (messageType !== 'text') warn(`${at}/message_type: "${messageType}" is imported as a plain text message`);
    if (data.text === undefined && data.media_url === undefined) warn(`${at}/content: the message has no text or media; fill it in`);
  } else if (type === 'wait') {
    const rawUnit = str(c.unit)?.trim().toLowerCase() ?? 'minutes';
    const [unit, factor] = UNITS[rawUnit] ?? ['minutes', 1];
    if (!UNITS[rawUnit]) warn(`${at}/unit: unknown unit "${rawUnit}"; minutes assumed`);
    const duration =
      typeof c.duration === 'number' ? c.duration : typeof c.duration === 'string' && c.duration.trim() ? Number(c.duration) : NaN;
    Object.assign(data, { mode: 'duration', unit });
    if (duration * factor > 0 && duration * factor <= 100000) data.duration = duration * factor;
    else warn(`${at}/duration: missing or not a number of ${unit} between 0 and 100000; fill it in`);
  } else if (type === 'condition') {
    put('variable', str(c.variable));
    const op = str(c.operator)?.trim().toLowerCase();
    if (op !== undefined && OPERATORS[op]) data.operator = OPERATORS[op];
    else warn(`${at}/operator: unknown operator "${String(c.operator)}"; choose one in the editor`);
    const v = c.value;
    // a list (for "in") becomes the comma-separated text Botloom compares against
    if (Array.isArray(v)) data.value = v.map(String).join(', ');
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') data.value = v;
    else if (v !== undefined && v !== null) warn(`${at}/value: not a string, number or boolean; left out`);
  } else if (type === 'webhook_action') {
    put('url', str(c.url));
    const method = (str(c.method) ?? 'POST').toUpperCase();
    data.method = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method) ? method : 'POST';
    if (data.method !== method) warn(`${at}/method: unsupported method "${method}"; POST used`);
    if (isObj(c.headers))
      data.headers = Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    if (isObj(c.body) || Array.isArray(c.body) || typeof c.body === 'string') data.body = c.body;
    put('store_response_in', varName(str(c.store_response_in), `${at}/store_response_in`, warn));
    // ChatBoost gives timeout in seconds, or in milliseconds when it is 100 or more
    const seconds = typeof c.timeout === 'number' ? c.timeout : undefined;
    const timeout = typeof c.timeout_ms === 'number' ? c.timeout_ms : seconds !== undefined && seconds < 100 ? seconds * 1000 : seconds;
    if (timeout !== undefined) {
      data.timeout_ms = Math.min(30000, Math.max(100, Math.round(timeout)));
      if (data.timeout_ms !== Math.round(timeout))
        warn(`${at}/timeout: ${timeout} ms is outside 100..30000 ms; ${String(data.timeout_ms)} ms used`);
    }
  } else if (type === 'ask') {
    put('question', str(c.question, content.text, c.text));
    put('save_as', varName(str(c.save_as, c.variable, c.store_in), `${at}/save_as`, warn));
  } else if (type === 'set_variable') {
    put('name', varName(str(c.name, c.variable), `${at}/name`, warn));
    const v = c.value;
    if (v !== undefined) data.value = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return data;
}

/** Positions top-down by BFS depth from start; nodes nothing reaches go on one row below the rest. */
function layout(nodes: BotloomNode[], edges: BotloomEdge[]): void {
  const depth = new Map<string, number>([['start', 0]]);
  const queue = ['start'];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const e of edges) {
      if (e.source !== id || depth.has(e.target)) continue;
      depth.set(e.target, depth.get(id)! + 1);
      queue.push(e.target);
    }
  }
  const spare = Math.max(...depth.values()) + 1;
  const rows = new Map<number, BotloomNode[]>();
  for (const n of nodes) {
    const d = depth.get(n.id) ?? spare;
    rows.set(d, [...(rows.get(d) ?? []), n]);
  }
  // left to right, like the studio's exits (on each card's right side) lead
  for (const [d, row] of rows) row.forEach((n, i) => (n.position = { x: d * 300, y: (i - (row.length - 1) / 2) * 180 }));
}

export function importChatBoost(input: unknown): ChatBoostImport {
  const { sources, listPath, envelopes } = locate(input);
  if (sources.length === 0) throw new ChatBoostImportError([{ path: listPath, message: 'The flow has no nodes' }]);
  const errors: Array<{ path: string; message: string }> = [];
  const warnings: string[] = [];
  const parsed: Array<{ ownId?: string; idPath: string; type: string; config: Obj; path: string; label?: string }> = [];
  for (const s of sources) {
    if (!isObj(s.raw)) {
      errors.push({ path: s.path, message: 'A node must be an object with a type and a config' });
      continue;
    }
    const rawType = s.raw.type;
    const type = typeof rawType === 'string' ? TYPE_MAP[rawType.trim().toLowerCase()] : undefined;
    if (typeof rawType !== 'string' || rawType.trim() === '') errors.push({ path: `${s.path}/type`, message: 'The node has no type' });
    else if (!type) errors.push({ path: `${s.path}/type`, message: `Unknown node type "${rawType}"; supported types: ${SUPPORTED}` });
    // an end node has nothing to configure, so it may leave config out
    if (!isObj(s.raw.config) && !(type === 'end' && s.raw.config === undefined)) {
      errors.push({ path: `${s.path}/config`, message: 'The node has no config object' });
    }
    const raw = s.raw;
    const ownKey = ID_KEYS.find((k) => isRef(raw[k]));
    const ownId = s.ownId ?? (ownKey === undefined ? undefined : String(raw[ownKey]));
    const config = raw.config ?? {};
    const label = str(raw.label, raw.name, raw.title, isObj(config) ? config.label : undefined)?.slice(0, 80);
    const idPath = s.ownId !== undefined || ownKey === undefined ? s.path : `${s.path}/${ownKey}`;
    if (type && isObj(config)) parsed.push({ ownId, idPath, type, config, path: s.path, label });
  }
  if (errors.length > 0) throw new ChatBoostImportError(errors);

  const allLinks = parsed.map((p) => links(p.type, p.config, `${p.path}/config`));
  const entryEnvelope = envelopes.find((e) => ENTRY_KEYS.some((k) => isRef(e[k])));
  const entryRef = entryEnvelope?.[ENTRY_KEYS.find((k) => isRef(entryEnvelope[k]))!];
  // Nodes without ids are known by their position, and ChatBoost exports count from 0 or from 1.
  // We count from 1 only when no reference (next/paths and the entry) is 0 and the largest equals the
  // node count (the last node is referenced, which counting from 0 could not do); otherwise from 0.
  const refs = [...allLinks.flat().map((l) => l.ref), entryRef].filter(isRef).map(Number);
  const oneBased = parsed.every((p) => p.ownId === undefined) && !refs.includes(0) && Math.max(...refs) === parsed.length;
  const ids = parsed.map((p, i) => p.ownId ?? String(oneBased ? i + 1 : i));
  const idToNode = new Map<string, string>();
  ids.forEach((id, i) => {
    if (idToNode.has(id)) errors.push({ path: parsed[i]!.idPath, message: `Two nodes have the id "${id}"` });
    idToNode.set(id, `n${id}`);
  });
  if (errors.length > 0) throw new ChatBoostImportError(errors);

  const nodes: BotloomNode[] = [{ id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} }];
  const edges: BotloomEdge[] = [];
  const connect = (source: string, handle: string, ref: unknown, path: string) => {
    const target = isRef(ref) ? idToNode.get(String(ref)) : undefined;
    if (target) edges.push({ id: `e-${source}-${handle}`, source, target, sourceHandle: handle });
    else warnings.push(`${path}: no node with id ${JSON.stringify(ref)}; the "${handle}" exit is left unconnected`);
  };
  parsed.forEach((p, i) => {
    const id = `n${ids[i]!}`;
    const data = toData(p.type, p.config, `${p.path}/config`, (m) => warnings.push(m));
    if (p.label !== undefined) data.label = p.label;
    nodes.push({ id, type: p.type, position: { x: 0, y: 0 }, data });
  });
  const entry = isRef(entryRef) && idToNode.has(String(entryRef)) ? String(entryRef) : ids[0]!;
  if (isRef(entryRef) && entry !== String(entryRef))
    warnings.push(`The entry node ${JSON.stringify(entryRef)} does not exist; the first node is used`);
  edges.push({ id: 'e-start-out', source: 'start', target: `n${entry}`, sourceHandle: 'out' });
  parsed.forEach((_p, i) => allLinks[i]!.forEach((l) => connect(`n${ids[i]!}`, l.handle, l.ref, l.path)));
  layout(nodes, edges);
  return { flow: { nodes, edges }, warnings };
}
