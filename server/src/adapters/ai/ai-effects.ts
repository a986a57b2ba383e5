// Carries out `ai_request` effects for the runtime: picks the bot's model, adds the conversation's
// last turns for a reply, and turns the answer (or the failure) into the effect's result, with the
// tokens it used. It never throws: a timeout, a provider error, a refusal or a malformed answer is
// `{ok: false, error}`, which the node sends down its failure way.
import type { AiRequestSpec, AiUsage, EffectResult } from '../../engine/types';
import type { AiEffectContext, AiEffectPort, ChatTurn, NamedAiPort } from '../../ports/ai';
import type { AiGateway } from './ai-gateway';

/** The conversation's latest messages, newest last (the transcript an ai_reply reads). */
export type TranscriptReader = (conversationId: string, limit: number) => Promise<ChatTurn[]>;

function usageOf(op: AiRequestSpec['op'], port: NamedAiPort, tokens: { prompt: number; completion: number } | undefined): AiUsage {
  return { op, provider: port.info.provider, model: port.info.model, promptTokens: tokens?.prompt ?? 0, completionTokens: tokens?.completion ?? 0 };
}

/** The turns before the message being answered (which the transcript already holds as its last inbound). */
export function turnsBefore(transcript: ChatTurn[], message: string, limit: number): ChatTurn[] {
  const turns = [...transcript];
  const last = turns[turns.length - 1];
  if (last && last.role === 'contact' && last.text.trim() === message.trim()) turns.pop();
  return limit > 0 ? turns.slice(-limit) : [];
}

export function createAiEffects(deps: { gateway: AiGateway; transcript: TranscriptReader }): AiEffectPort {
  return {
    async run(request, context: AiEffectContext): Promise<EffectResult> {
      try {
        const port = await deps.gateway.forBot(context.botId);
        if (request.op === 'classify') {
          const result = await port.classifyIntent({
            text: request.text,
            intents: request.intents,
            threshold: request.threshold,
            timezone: context.timezone,
            now: new Date(request.now),
            country: context.country,
            timeoutMs: request.timeoutMs,
          });
          const { tokens, ...answer } = result;
          return { ok: true, data: { ...answer, usage: usageOf('classify', port, tokens) } };
        }
        const transcript = request.historyTurns > 0 ? await deps.transcript(context.conversationId, request.historyTurns + 1) : [];
        const result = await port.reply({
          instructions: request.instructions,
          knowledge: request.knowledge,
          history: turnsBefore(transcript, request.message, request.historyTurns),
          message: request.message,
          fallback: request.fallback,
          timeoutMs: request.timeoutMs,
        });
        return { ok: true, data: { text: result.text, source: result.source, usage: usageOf('reply', port, result.tokens) } };
      } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
