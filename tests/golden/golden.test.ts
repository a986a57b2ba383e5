// Golden conversations: a flow, a contact and a list of events, with the exact effects, trace and
// state the engine must produce for each event. GOLDEN_UPDATE=1 rewrites the expectations; read the
// diff before committing it, a golden file that freezes a bug is worse than none.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import type { ChannelName, ContactView, ConversationState, Effect, TraceEntry } from '../../server/src/engine/types';
import { run, runnable, type HarnessEvent } from '../support/engine-harness';

interface GoldenStep {
  effects: Effect[];
  trace: TraceEntry[];
  state: ConversationState;
}

interface GoldenCase {
  description?: string;
  /** The clock at the first event; defaults to the harness's fixed start time. */
  now?: string;
  flow: unknown;
  contact: ContactView;
  /** The channel (the simulator unless told) and when the contact last wrote before the first event. */
  channel?: ChannelName;
  lastInboundAt?: string;
  events: HarnessEvent[];
  expected: GoldenStep[];
}

const UPDATE = process.env.GOLDEN_UPDATE === '1';
const casesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cases');
const files = readdirSync(casesDir)
  .filter((f) => f.endsWith('.json'))
  .sort();

/** What a step produced, as it would be stored: JSON, so absent and undefined fields are the same. */
function play(golden: GoldenCase): GoldenStep[] {
  const results = run(runnable(golden.flow), golden.events, {
    contact: golden.contact,
    now: golden.now,
    channel: golden.channel,
    lastInboundAt: golden.lastInboundAt,
  });
  return JSON.parse(JSON.stringify(results.map(({ effects, trace, state }) => ({ effects, trace, state })))) as GoldenStep[];
}

describe('golden conversations', () => {
  it('has at least four cases', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it.each(files)('%s', async (file) => {
    const full = path.join(casesDir, file);
    const golden = JSON.parse(readFileSync(full, 'utf8')) as GoldenCase;
    const actual = play(golden);
    if (UPDATE) {
      const options = { ...(await prettier.resolveConfig(full)), parser: 'json' };
      writeFileSync(full, await prettier.format(JSON.stringify({ ...golden, expected: actual }), options));
      return;
    }
    expect(golden.expected, 'one expectation per event; run GOLDEN_UPDATE=1 to write them').toHaveLength(golden.events.length);
    golden.events.forEach((event, i) => {
      expect(actual[i], `${file}: event ${i} (${event.type})`).toEqual(golden.expected[i]);
    });
  });
});
