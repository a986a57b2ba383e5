// The JSON Schema a model's intent answer must match (OpenAI structured output, strict mode), and
// its conversion into the port's result: scores completed and sorted, local date-times placed in
// the contact's zone with luxon, phones normalised to E.164. The answer is only ever data: no part
// of it is run, and an intent the builder did not name cannot come out of it.
import Ajv from 'ajv';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { DateTime } from 'luxon';
import type { ClassifyIntentRequest, DateEntity, DateGrain, Entities, IntentScore } from '../../ports/ai';

const GRAINS: DateGrain[] = ['minute', 'hour', 'part_of_day', 'day', 'week', 'month', 'year'];
const textValue = (value: Record<string, unknown>) => ({
  type: 'object',
  properties: { text: { type: 'string' }, ...value },
  required: ['text', ...Object.keys(value)],
  additionalProperties: false,
});

/** Strict structured output: every property required, no others; the intent names an enum. */
export function intentAnswerSchema(intentNames: string[]): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      ranking: {
        type: 'array',
        items: {
          type: 'object',
          properties: { name: { type: 'string', enum: intentNames }, score: { type: 'number' } },
          required: ['name', 'score'],
          additionalProperties: false,
        },
      },
      entities: {
        type: 'object',
        properties: {
          dates: {
            type: 'array',
            items: textValue({
              start: { type: 'string', description: 'local date-time YYYY-MM-DDTHH:mm' },
              end: { type: ['string', 'null'], description: 'local date-time YYYY-MM-DDTHH:mm, or null' },
              grain: { type: 'string', enum: GRAINS },
            }),
          },
          numbers: { type: 'array', items: textValue({ value: { type: 'number' } }) },
          emails: { type: 'array', items: textValue({ value: { type: 'string' } }) },
          phones: { type: 'array', items: textValue({ value: { type: 'string' } }) },
        },
        required: ['dates', 'numbers', 'emails', 'phones'],
        additionalProperties: false,
      },
    },
    required: ['ranking', 'entities'],
    additionalProperties: false,
  };
}

interface IntentAnswer {
  ranking: { name: string; score: number }[];
  entities: {
    dates: { text: string; start: string; end: string | null; grain: DateGrain }[];
    numbers: { text: string; value: number }[];
    emails: { text: string; value: string }[];
    phones: { text: string; value: string }[];
  };
}

const ajv = new Ajv({ allErrors: true, strict: false });

/** Parses and checks the model's answer; throws a MalformedAnswerError saying what is wrong. */
export function parseIntentAnswer(content: string | null | undefined, intentNames: string[]): IntentAnswer {
  let json: unknown;
  try {
    json = JSON.parse(content ?? '');
  } catch {
    throw new MalformedAnswerError('the model answered with text that is not valid JSON');
  }
  const validate = ajv.compile<IntentAnswer>(intentAnswerSchema(intentNames));
  if (!validate(json)) {
    const first = validate.errors?.[0];
    throw new MalformedAnswerError(`the model answer does not match the schema: ${first?.instancePath || '/'} ${first?.message ?? ''}`.trim());
  }
  return json;
}

export class MalformedAnswerError extends Error {
  override name = 'MalformedAnswerError';
}

/** Every intent once, best first, scores clamped to 0..1 (a name the model left out scores 0). */
export function completeRanking(answer: IntentAnswer, intentNames: string[]): IntentScore[] {
  const best = new Map<string, number>();
  for (const { name, score } of answer.ranking) {
    const clamped = Number.isFinite(score) ? Math.min(Math.max(score, 0), 1) : 0;
    best.set(name, Math.max(best.get(name) ?? 0, clamped));
  }
  return intentNames.map((name) => ({ name, score: best.get(name) ?? 0 })).sort((a, b) => b.score - a.score);
}

function placeDate(local: string, zone: string): string | null {
  const at = DateTime.fromISO(local, { zone });
  return at.isValid ? at.toISO() : null;
}

/** The model's entities in the port's form; what cannot be read (a date that is no date, a phone that is no number) is left out. */
export function normaliseEntities(raw: IntentAnswer['entities'], request: Pick<ClassifyIntentRequest, 'timezone' | 'country'>): Entities {
  const dates: DateEntity[] = raw.dates.flatMap((d) => {
    const start = placeDate(d.start, request.timezone);
    if (!start) return [];
    const end = d.end ? placeDate(d.end, request.timezone) : null;
    return [{ text: d.text, start, ...(end ? { end } : {}), grain: d.grain }];
  });
  const country = request.country ? (request.country.toUpperCase() as CountryCode) : undefined;
  const phones = raw.phones.flatMap((p) => {
    const parsed = parsePhoneNumberFromString(p.value, country);
    return parsed?.isPossible() ? [{ text: p.text, value: parsed.number }] : [];
  });
  return {
    dates,
    numbers: raw.numbers.filter((n) => Number.isFinite(n.value)),
    emails: raw.emails.filter((e) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e.value)).map((e) => ({ text: e.text, value: e.value.toLowerCase() })),
    phones,
  };
}
