// Every starter bot in templates/ must publish cleanly, read well on a small screen and be laid
// out so nothing overlaps when it opens in the studio.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { activeHandles, isNodeType, nodeCatalogue, optOutChoices, unconnectedExits, validateDraft, validateForPublish, type FlowDocument } from '@botloom/shared';

interface Template {
  name: string;
  description: string;
  requires?: string[];
  flow: FlowDocument;
}

const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));
const files = readdirSync(TEMPLATES_DIR)
  .filter((f) => f.endsWith('.flow.json'))
  .sort();

function load(file: string): Template {
  return JSON.parse(readFileSync(TEMPLATES_DIR + file, 'utf8')) as Template;
}

/** Every string anywhere in a JSON value. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/** The paths inside {{...}} placeholders, e.g. "state.appointment.label". */
function placeholdersIn(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1] ?? '');
}

/** What the contact reads: messages, questions, retries, booking prompts and confirmations. */
const MESSAGE_FIELDS = ['text', 'question', 'retry_message', 'prompt', 'confirmation'];

function messagesOf(flow: FlowDocument): Array<{ nodeId: string; text: string }> {
  return flow.nodes.flatMap((node) =>
    MESSAGE_FIELDS.flatMap((field) => {
      const text = node.data[field];
      return typeof text === 'string' ? [{ nodeId: node.id, text }] : [];
    }),
  );
}

/** The first segment of a variable path with the optional "state." prefix resolved. */
function stateRoot(path: string): string | undefined {
  const parts = path.split('.');
  if (parts[0] === 'contact' || parts[0] === 'message') return undefined;
  return parts[0] === 'state' ? parts[1] : parts[0];
}

it('there are starter templates to pick from', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      'appointment-booking.flow.json',
      'faq-menu.flow.json',
      'lead-capture.flow.json',
      'reminder-reengagement.flow.json',
    ]),
  );
});

describe.each(files)('%s', (file) => {
  const template = load(file);
  const { flow } = template;

  it('has a name, a one-sentence description and a flow', () => {
    expect(template.name).toEqual(expect.any(String));
    expect(template.name.trim()).not.toBe('');
    expect(template.description).toEqual(expect.any(String));
    expect(template.description).toMatch(/^[A-Z][^\n]*[.!?]$/);
    expect(template.description, 'one sentence').not.toMatch(/[.!?]\s/);
    expect(template.description.length).toBeLessThanOrEqual(140);
    expect(Array.isArray(flow.nodes)).toBe(true);
    expect(Array.isArray(flow.edges)).toBe(true);
  });

  it('publishes with no errors and no warnings', () => {
    const result = validateForPublish(flow);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.flow).toBeDefined();
  });

  it('opens with nothing in the Problems list: no exit leading nowhere, no choice that unsubscribes', () => {
    expect(unconnectedExits(flow)).toEqual([]);
    // a contact who types an opt-out word (STOP, CANCEL, END…) is unsubscribed instead of choosing it
    expect(optOutChoices(flow)).toEqual([]);
    expect(validateDraft(flow)).toEqual({ errors: [], problems: [] });
  });

  it('has unique node ids', () => {
    const ids = flow.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lays nodes out left to right, with room between the cards', () => {
    for (const { id, position } of flow.nodes) {
      expect(Number.isFinite(position.x), `${id} x`).toBe(true);
      expect(Number.isFinite(position.y), `${id} y`).toBe(true);
      expect(position.x, `${id} x`).toBeGreaterThanOrEqual(0);
      expect(position.x, `${id} x`).toBeLessThanOrEqual(6000);
      expect(Math.abs(position.y), `${id} y`).toBeLessThanOrEqual(5000);
    }
    const start = flow.nodes.find((n) => n.type === 'start');
    expect(start?.position.x).toBe(Math.min(...flow.nodes.map((n) => n.position.x)));
    // a studio card is about 230 x 140 px: no two may cover each other
    flow.nodes.forEach((a, i) =>
      flow.nodes.slice(i + 1).forEach((b) => {
        const apart = Math.abs(a.position.x - b.position.x) >= 250 || Math.abs(a.position.y - b.position.y) >= 150;
        expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
      }),
    );
  });

  it('connects every exit, so no conversation stops without an End', () => {
    for (const node of flow.nodes) {
      if (!isNodeType(node.type)) throw new Error(`unknown node type ${node.type}`);
      for (const handle of activeHandles(node.type, node.data)) {
        if (nodeCatalogue[node.type].optionalHandles.includes(handle)) continue; // e.g. send_message's "failed": unconnected, the conversation fails
        const connected = flow.edges.some((e) => e.source === node.id && e.sourceHandle === handle);
        expect(connected, `exit "${handle}" of ${node.id}`).toBe(true);
      }
    }
  });

  it('never says "undefined"', () => {
    for (const text of [template.name, template.description, ...stringsIn(flow)]) expect(text).not.toMatch(/undefined/i);
  });

  it('keeps every message short and SMS-friendly', () => {
    const messages = messagesOf(flow);
    expect(messages.length).toBeGreaterThan(0);
    for (const { nodeId, text } of messages) {
      expect(text.trim(), nodeId).not.toBe('');
      // one SMS part before placeholders are filled in
      expect(text.length, `${nodeId}: ${text}`).toBeLessThanOrEqual(160);
      // no emoji, curly quotes or GSM extension characters, which shrink or split an SMS
      expect(text.replace(/\{\{[^}]*\}\}/g, ''), nodeId).toMatch(/^[A-Za-z0-9 \n.,!?'"():;/&%$@#*+=<>_-]*$/);
    }
  });

  it('only fills in variables it knows, and declares what the server must fill in', () => {
    const saved = new Set<string>();
    for (const node of flow.nodes) {
      for (const field of ['save_as', 'store_response_in', 'name']) {
        const path = node.data[field];
        const root = typeof path === 'string' ? stateRoot(path) : undefined;
        if (root) saved.add(root);
      }
    }
    if (flow.nodes.some((n) => n.type === 'book_appointment' && n.data.save_as === undefined)) saved.add('appointment');

    const requires = template.requires ?? [];
    const used = new Set<string>();
    for (const text of stringsIn(flow)) {
      for (const path of placeholdersIn(text)) {
        const [scope] = path.split('.');
        if (scope === 'state') expect(saved, `{{${path}}} is never saved`).toContain(stateRoot(path));
        else if (scope !== 'contact' && scope !== 'message') {
          expect(requires, `{{${path}}} is not declared in "requires"`).toContain(path);
          used.add(path);
        }
      }
    }
    for (const node of flow.nodes) {
      const variable = node.data.variable;
      if (node.type === 'condition' && typeof variable === 'string' && stateRoot(variable)) {
        expect(saved, `${node.id} tests ${variable}, which is never saved`).toContain(stateRoot(variable));
      }
    }
    expect([...used].sort()).toEqual([...requires].sort());
  });
});

it('appointment booking books through the placeholder resource', () => {
  const template = load('appointment-booking.flow.json');
  expect(template.requires).toEqual(['resource']);
  const bookings = template.flow.nodes.filter((n) => n.type === 'book_appointment');
  expect(bookings.map((n) => n.data.action).sort()).toEqual(['book', 'cancel', 'reschedule']);
  for (const node of bookings) expect(node.data.resource_id).toBe('{{resource}}');
});
