// Which model answers for a bot: the bot's own key and model when it has them, else OPENAI_API_KEY
// and OPENAI_MODEL, else the local model that ships with Botloom (no key, no network). Clients are
// kept per key, base URL and model, so a bot's calls share connections.
import type { AiModelInfo, AiPort, NamedAiPort } from '../../ports/ai';
import { BoundedCache } from '../../util/bounded-cache';
import { LocalAi } from '../ai-local/local-ai';
import { OpenAiModel } from '../openai/openai-ai';

export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';
export const LOCAL_MODEL_NAME = 'botloom-local';

export interface AiEnvSettings {
  /** OPENAI_API_KEY */
  apiKey?: string;
  /** OPENAI_BASE_URL */
  baseUrl?: string;
  /** OPENAI_MODEL */
  model?: string;
}

/** A bot's own AI settings, its key already unsealed. */
export interface BotAiSettings {
  apiKey?: string;
  model?: string;
}

export interface AiGateway {
  forBot(botId: string): Promise<NamedAiPort>;
  /** The local model, whatever is configured (the studio's "try with the local model"). */
  local(): NamedAiPort;
  describe(botId: string): Promise<AiModelInfo>;
}

class NamedLocalAi implements NamedAiPort {
  readonly info: AiModelInfo = { provider: 'local', model: LOCAL_MODEL_NAME };
  constructor(private readonly inner: AiPort) {}
  classifyIntent: AiPort['classifyIntent'] = (request) => this.inner.classifyIntent(request);
  reply: AiPort['reply'] = (request) => this.inner.reply(request);
}

export function createAiGateway(deps: { env: AiEnvSettings; botSettings(botId: string): Promise<BotAiSettings | null> }): AiGateway {
  const local = new NamedLocalAi(new LocalAi());
  const clients = new BoundedCache<string, OpenAiModel>(200);

  async function forBot(botId: string): Promise<NamedAiPort> {
    const own = await deps.botSettings(botId);
    const apiKey = own?.apiKey || deps.env.apiKey;
    if (!apiKey) return local;
    const model = own?.model || deps.env.model || DEFAULT_OPENAI_MODEL;
    const key = JSON.stringify([apiKey, deps.env.baseUrl ?? '', model]);
    let client = clients.get(key);
    if (!client) {
      client = new OpenAiModel({ apiKey, baseURL: deps.env.baseUrl, model });
      clients.set(key, client);
    }
    return client;
  }

  return {
    forBot,
    local: () => local,
    describe: async (botId) => (await forBot(botId)).info,
  };
}
