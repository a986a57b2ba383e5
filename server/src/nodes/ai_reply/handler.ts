// Answers the contact from the builder's instructions and knowledge through a model call (an
// `ai_request` effect whose result comes back as an event). When it cannot answer (nothing in the
// knowledge fits, the model failed or refused), the "failure" way takes over if it is connected;
// otherwise the fallback text is sent and the conversation goes on.
import type { AiReplyConfig } from '@botloom/shared';
import type { NodeHandler, NodeOutcome, NodeRuntime } from '../../engine/node-handler';
import type { AiUsage } from '../../engine/types';

const DEFAULT_FALLBACK = "I'm not sure — let me get someone to help.";

interface ReplyData {
  text: string;
  source: 'knowledge' | 'model' | 'fallback';
  usage?: AiUsage;
}

function isReplyData(data: unknown): data is ReplyData {
  const d = data as Partial<ReplyData> | null;
  return typeof d === 'object' && d !== null && typeof d.text === 'string' && (d.source === 'knowledge' || d.source === 'model' || d.source === 'fallback');
}

function fallbackText(config: AiReplyConfig, rt: NodeRuntime): string {
  return (config.fallback ? rt.render(config.fallback) : '').trim() || DEFAULT_FALLBACK;
}

/** Could not answer: the failure way if connected, else the fallback message and on. */
function cannotAnswer(config: AiReplyConfig, rt: NodeRuntime, reason: 'no_answer' | 'error', detail?: string): NodeOutcome {
  if (config.save_as) rt.set(config.save_as, { text: null, source: 'fallback', reason, ...(detail ? { error: detail } : {}) });
  if (rt.isConnected('failure')) return { kind: 'next', handle: 'failure' };
  rt.send({ text: fallbackText(config, rt) });
  return { kind: 'next', handle: 'out' };
}

export const aiReplyHandler: NodeHandler<'ai_reply'> = {
  enter(config, rt) {
    const message = String(rt.get('message.text') ?? '').trim();
    if (!message) return cannotAnswer(config, rt, 'no_answer');
    const token = rt.newId();
    rt.emit({
      type: 'ai_request',
      nodeId: rt.nodeId,
      token,
      request: {
        op: 'reply',
        instructions: rt.render(config.instructions),
        ...(config.knowledge?.trim() ? { knowledge: config.knowledge } : {}),
        message,
        fallback: fallbackText(config, rt),
        historyTurns: config.history_turns ?? 6,
        timeoutMs: config.timeout_ms ?? 10_000,
      },
    });
    return { kind: 'wait', for: 'effect', token };
  },

  onEffectResult(config, result, _wait, rt) {
    if (!result.ok || !isReplyData(result.data)) {
      const reason = result.error ?? 'the model answered in an unexpected form';
      rt.note(`AI reply failed: ${reason}`, { kind: 'ai_failed', detail: reason });
      return cannotAnswer(config, rt, 'error', reason);
    }
    const data = result.data;
    if (data.usage) rt.aiUsage(data.usage);
    if (data.source === 'fallback' || !data.text.trim()) return cannotAnswer(config, rt, 'no_answer');
    rt.send({ text: data.text });
    if (config.save_as) rt.set(config.save_as, { text: data.text, source: data.source });
    return { kind: 'next', handle: 'out' };
  },
};
