import type { AskConfig } from '@botloom/shared';
import type { NodeHandler, NodeRuntime } from '../../engine/node-handler';
import type { TemplateMessage } from '../../engine/types';
import { windowDecision } from '../send_message/window';
import { replyWait } from '../wait/handler';
import { checkAnswer } from './answers';

/** The choices as the contact reads them: answers are checked against these, not the templates. */
function renderedChoices(config: AskConfig, rt: NodeRuntime): string[] | undefined {
  return config.answer_type === 'choice' ? (config.choices ?? []).map((c) => rt.render(c)) : undefined;
}

function askQuestion(config: AskConfig, rt: NodeRuntime, text: string, template?: TemplateMessage): void {
  const choices = renderedChoices(config, rt);
  rt.send({ text, ...(choices && choices.length > 0 ? { choices } : {}), ...(template ? { template } : {}) });
}

export const askHandler: NodeHandler<'ask'> = {
  enter(config, rt) {
    // a retry answers a message, so only the first asking can find the 24-hour window closed
    const window = windowDecision(config.template, rt);
    if (window.kind === 'closed') return { kind: 'end', status: 'failed', reason: window.reason };
    askQuestion(config, rt, rt.render(config.question), window.kind === 'template' ? window.template : undefined);
    return replyWait(rt, config.timeout, { attempts: 0 });
  },
  onReply(config, message, wait, rt) {
    const check = checkAnswer({ ...config, choices: renderedChoices(config, rt) }, message.text, rt.now, rt.timezone);
    if (check.ok) {
      rt.set(config.save_as, check.value);
      return { kind: 'next', handle: 'answered' };
    }
    const attempts = Number(wait.data.attempts ?? 0) + 1;
    const limit = config.max_attempts ?? 0;
    if (limit > 0 && attempts >= limit) {
      rt.note(`gave up after ${attempts} invalid answers`);
      return { kind: 'next', handle: 'timeout' };
    }
    const retry = config.retry_message ? rt.render(config.retry_message) : `${check.hint} ${rt.render(config.question)}`;
    askQuestion(config, rt, retry);
    // keep the original timeout timer: retrying does not restart the clock
    return { kind: 'wait', for: 'reply', timeoutToken: wait.timeoutToken, data: { attempts } };
  },
  onTimer() {
    return { kind: 'next', handle: 'timeout' };
  },
};
