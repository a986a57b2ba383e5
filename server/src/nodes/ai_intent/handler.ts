// Understands what the contact means: asks the model (an `ai_request` effect, its result an event)
// to pick one of the builder's intents and to find dates, numbers, e-mails and phones in the text,
// then leaves by that intent's exit, or "unknown" below the threshold or when the call fails.
import type { AiIntentConfig } from '@botloom/shared';
import type { NodeHandler, NodeOutcome, NodeRuntime } from '../../engine/node-handler';
import type { AiUsage } from '../../engine/types';

export const UNKNOWN_EXIT = 'unknown';
const DEFAULT_THRESHOLD = 0.4;
const DEFAULT_SAVE_AS = 'understood';
const EMPTY_ENTITIES = { dates: [], numbers: [], emails: [], phones: [] };

/** What a classify call answers (see runtime/ai-effects.ts); checked here, since it crosses a process boundary. */
interface ClassifyData {
  intent: string | null;
  confidence: number;
  entities: unknown;
  usage?: AiUsage;
}

function isClassifyData(data: unknown): data is ClassifyData {
  const d = data as Partial<ClassifyData> | null;
  return typeof d === 'object' && d !== null && (typeof d.intent === 'string' || d.intent === null) && typeof d.confidence === 'number';
}

function classify(config: AiIntentConfig, rt: NodeRuntime, text: string): NodeOutcome {
  const token = rt.newId();
  rt.emit({
    type: 'ai_request',
    nodeId: rt.nodeId,
    token,
    request: {
      op: 'classify',
      text,
      intents: config.intents.map(({ name, examples }) => ({ name, examples })),
      threshold: config.threshold ?? DEFAULT_THRESHOLD,
      timezone: rt.timezone,
      now: rt.now.toISOString(),
      timeoutMs: config.timeout_ms ?? 10_000,
    },
  });
  return { kind: 'wait', for: 'effect', token, data: { text } };
}

function listen(): NodeOutcome {
  return { kind: 'wait', for: 'reply' };
}

export const aiIntentHandler: NodeHandler<'ai_intent'> = {
  enter(config, rt) {
    if (config.question?.trim()) {
      rt.send({ text: rt.render(config.question) });
      return listen();
    }
    const text = (config.text ? rt.render(config.text) : String(rt.get('message.text') ?? '')).trim();
    // nothing to understand yet (a conversation the bot started): understand the contact's next message
    return text ? classify(config, rt, text) : listen();
  },

  onReply(config, message, _wait, rt) {
    return classify(config, rt, message.text.trim());
  },

  onEffectResult(config, result, wait, rt) {
    const saveAs = config.save_as ?? DEFAULT_SAVE_AS;
    const text = typeof wait.data.text === 'string' ? wait.data.text : '';
    if (!result.ok || !isClassifyData(result.data)) {
      const reason = result.error ?? 'the model answered in an unexpected form';
      rt.note(`AI intent failed: ${reason}`, { kind: 'ai_failed', detail: reason });
      rt.set(saveAs, { intent: UNKNOWN_EXIT, confidence: 0, text, entities: EMPTY_ENTITIES, error: reason });
      return { kind: 'next', handle: UNKNOWN_EXIT };
    }
    const data = result.data;
    if (data.usage) rt.aiUsage(data.usage);
    // only a name the builder gave is an exit: whatever else a model says is "unknown"
    const named = data.intent !== null && config.intents.some((i) => i.name === data.intent) ? data.intent : null;
    rt.set(saveAs, { intent: named ?? UNKNOWN_EXIT, confidence: data.confidence, text, entities: data.entities ?? EMPTY_ENTITIES });
    if (named === null) return { kind: 'next', handle: UNKNOWN_EXIT };
    if (!rt.isConnected(named) && rt.isConnected(UNKNOWN_EXIT)) {
      rt.note(`understood "${named}", whose way is not connected: went the "not understood" way`);
      return { kind: 'next', handle: UNKNOWN_EXIT };
    }
    return { kind: 'next', handle: named };
  },
};
