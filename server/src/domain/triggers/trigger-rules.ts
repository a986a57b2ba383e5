// The rules a trigger must keep, beyond its JSON Schema: fields only of its own kind, keywords
// RE2 can compile and that are never opt-out words (the consent layer answers those first, so such
// a keyword could never fire), a schedule that will run. Pure: returns every problem, by field.
import type { CreateTriggerRequest } from '@botloom/shared';
import { OPT_OUT_KEYWORDS, normalizeConsentText } from '../consent/classify-consent';
import type { TriggerFields, TriggerType } from '../../ports/trigger-store';
import { invalidKeywordPattern } from './keyword-match';
import { checkSchedule, ScheduleError } from './schedule-plan';

export interface FieldProblem {
  path: string;
  message: string;
}

const FIELDS_OF: Record<TriggerType, ReadonlyArray<keyof CreateTriggerRequest>> = {
  keyword: ['keywords', 'match', 'caseSensitive'],
  event: ['event', 'conditions'],
  schedule: ['schedule', 'audience'],
};
const KIND_FIELDS = Object.values(FIELDS_OF).flat();

/** Drops the fields that belong to other kinds (a PATCH that turns a keyword trigger into an event one). */
export function withoutOtherKinds(input: Record<string, unknown>, type: TriggerType): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([k]) => !KIND_FIELDS.includes(k as keyof CreateTriggerRequest) || FIELDS_OF[type].includes(k as keyof CreateTriggerRequest)));
}

function keywordProblems(input: CreateTriggerRequest): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const keywords = input.keywords ?? [];
  const match = input.match ?? 'exact';
  if (match === 'regex') {
    const invalid = invalidKeywordPattern(keywords, input.caseSensitive ?? false);
    if (invalid) problems.push({ path: `/keywords/${invalid.index}`, message: `is not a pattern RE2 can run: ${invalid.message}` });
  }
  keywords.forEach((keyword, index) => {
    const word = normalizeConsentText(keyword).replace(/-/g, '');
    if ((OPT_OUT_KEYWORDS as readonly string[]).includes(word)) {
      problems.push({ path: `/keywords/${index}`, message: `“${keyword}” is an opt-out word: a contact who sends it is unsubscribed, so it can never start a flow` });
    }
  });
  const lower = keywords.map((k) => (input.caseSensitive ? k.trim() : k.trim().toLowerCase()));
  const twice = lower.findIndex((k, i) => lower.indexOf(k) !== i);
  if (twice >= 0) problems.push({ path: `/keywords/${twice}`, message: `“${keywords[twice]}” is listed twice` });
  return problems;
}

/**
 * Checks a trigger as a whole and gives the fields to store (defaults filled in, the next run of a
 * schedule computed), or every problem found, each naming its field.
 */
export function triggerFieldsFrom(input: CreateTriggerRequest, now: Date): { fields: TriggerFields } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  for (const key of KIND_FIELDS) {
    if (input[key] !== undefined && !FIELDS_OF[input.type].includes(key)) problems.push({ path: `/${key}`, message: `belongs to ${Object.entries(FIELDS_OF).find(([, f]) => f.includes(key))![0]} triggers, not ${input.type} triggers` });
  }
  const fields: TriggerFields = { name: input.name.trim(), type: input.type, flowId: input.flowId, active: input.active ?? true, priority: input.priority ?? 0 };
  if (input.type === 'keyword') {
    problems.push(...keywordProblems(input));
    Object.assign(fields, { keywords: input.keywords!.map((k) => k.trim()), match: input.match ?? 'exact', caseSensitive: input.caseSensitive ?? false });
  } else if (input.type === 'event') {
    Object.assign(fields, { event: input.event!, conditions: input.conditions ?? [] });
    const conditions = input.conditions ?? [];
    conditions.forEach((c, i) => {
      if (c.operator !== 'is_empty' && c.value === undefined) problems.push({ path: `/conditions/${i}/value`, message: 'is required for this comparison' });
      if (c.operator === 'regex' && invalidKeywordPattern([String(c.value ?? '')], false)) problems.push({ path: `/conditions/${i}/value`, message: 'is not a pattern RE2 can run' });
    });
  } else {
    try {
      const nextRunAt = checkSchedule(input.schedule!, now);
      Object.assign(fields, { schedule: input.schedule!, audience: input.audience ?? {}, nextRunAt });
    } catch (err) {
      if (!(err instanceof ScheduleError)) throw err;
      problems.push({ path: err.path, message: err.message });
    }
  }
  return problems.length ? { problems } : { fields };
}
