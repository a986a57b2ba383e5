// A local stand-in for OpenAI's chat-completions API (`POST /v1/chat/completions`), for the real
// `openai` SDK to be pointed at with OPENAI_BASE_URL. By default it answers like a small model: it
// reads the prompts Botloom sends and answers with Botloom's own local model (intents and entities
// as structured JSON, replies quoted from the knowledge, NO_ANSWER otherwise). Tests script other
// answers (slow, 429, 500, malformed, refusals) with `script`.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { LocalAi } from '../../server/src/adapters/ai-local/local-ai';

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
  [key: string]: unknown;
}

export interface StandInAnswer {
  status?: number;
  /** The whole JSON body; by default a completion built from `content`. */
  body?: unknown;
  content?: string | null;
  refusal?: string;
  finishReason?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface OpenAiStandIn {
  /** The base URL to give the SDK (ends with /v1). */
  baseUrl: string;
  requests: { body: ChatRequest; headers: IncomingHttpHeaders }[];
  /** Answers the next calls in order (then back to the built-in model). */
  script(...answers: StandInAnswer[]): void;
  /** Forgets recorded requests and answers still scripted. */
  reset(): void;
  close(): Promise<void>;
}

const local = new LocalAi();

function section(prompt: string, start: string, end: string): string {
  const from = prompt.indexOf(start);
  if (from < 0) return '';
  const to = prompt.indexOf(end, from + start.length);
  return prompt.slice(from + start.length, to < 0 ? undefined : to).trim();
}

/** The built-in "model": Botloom's local one, reading the prompts the OpenAI adapter writes. */
async function think(body: ChatRequest): Promise<string> {
  const system = body.messages[0]?.content ?? '';
  const user = body.messages[body.messages.length - 1]?.content ?? '';
  if (body.response_format?.type === 'json_schema') {
    const intents = [...section(system, 'Intents, each with example messages:', 'Give every intent').matchAll(/^- ([a-z0-9_]+): (.*)$/gm)].map((m) => ({
      name: m[1]!,
      examples: JSON.parse(`[${m[2]}]`) as string[],
    }));
    const nowText = /Now it is \w+ (\S+) where/.exec(system)?.[1] ?? '';
    const zone = 'UTC';
    const now = DateTime.fromISO(nowText, { zone }).toJSDate();
    const result = await local.classifyIntent({ text: user, intents, threshold: 0, timezone: zone, now });
    const localTime = (iso: string) => DateTime.fromISO(iso, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
    return JSON.stringify({
      ranking: result.ranking,
      entities: {
        dates: result.entities.dates.map((d) => ({ text: d.text, start: localTime(d.start), end: d.end ? localTime(d.end) : null, grain: d.grain })),
        numbers: result.entities.numbers,
        emails: result.entities.emails,
        phones: result.entities.phones,
      },
    });
  }
  const knowledge = section(system, 'KNOWLEDGE (the only facts you may use):', 'RULES,');
  const answer = await local.reply({ instructions: '', knowledge: knowledge === '(none)' ? '' : knowledge, history: [], message: user });
  return answer.source === 'fallback' ? 'NO_ANSWER' : answer.text;
}

function completion(body: ChatRequest, answer: StandInAnswer, content: string | null) {
  return {
    id: 'chatcmpl-standin',
    object: 'chat.completion',
    created: 1_772_000_000,
    model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: answer.refusal ?? null }, finish_reason: answer.finishReason ?? 'stop', logprobs: null }],
    usage: { prompt_tokens: 100 + JSON.stringify(body.messages).length / 10, completion_tokens: 20, total_tokens: 120 },
  };
}

export async function startOpenAiStandIn(): Promise<OpenAiStandIn> {
  const requests: OpenAiStandIn['requests'] = [];
  const scripted: StandInAnswer[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
        requests.push({ body, headers: req.headers });
        const answer = scripted.shift() ?? {};
        if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
        if (res.destroyed || req.destroyed) return;
        const status = answer.status ?? 200;
        const payload =
          answer.body ??
          (status === 200
            ? completion(body, answer, answer.content !== undefined ? answer.content : await think(body))
            : { error: { message: `stand-in error ${status}`, type: 'server_error' } });
        res.writeHead(status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(payload));
      })().catch((err: unknown) => res.writeHead(500).end(String(err)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...answers) => scripted.push(...answers),
    reset: () => {
      requests.length = 0;
      scripted.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
