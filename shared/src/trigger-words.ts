// Triggers in plain words, for the studio's Triggers screen (and anything else that lists them).
import type { CreateTriggerRequest } from './generated/api-types';
import { OPERATOR_WORDS } from './operator-words';

type TriggerLike = Pick<CreateTriggerRequest, 'type' | 'keywords' | 'match' | 'caseSensitive' | 'event' | 'conditions' | 'schedule' | 'audience'>;

export const MATCH_WORDS: Record<NonNullable<CreateTriggerRequest['match']>, string> = {
  exact: 'is exactly',
  contains: 'contains the words',
  starts_with: 'starts with',
  ends_with: 'ends with',
  regex: 'matches the pattern',
};

export const EVENT_WORDS: Record<NonNullable<CreateTriggerRequest['event']>, string> = {
  new_contact: 'a new contact writes for the first time',
  message_received: 'a contact sends any message',
  opt_in: 'a contact subscribes again (START)',
  opt_out: 'a contact unsubscribes (STOP)',
  flow_completed: 'a conversation finishes',
  flow_failed: 'a conversation stops on an error',
  appointment_booked: 'an appointment is booked',
  appointment_cancelled: 'an appointment is cancelled',
};

const WEEKDAY_WORDS = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' } as const;


function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

function orList(items: string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : (items[0] ?? '');
}

/** "Every Monday at 09:00 (Europe/London)", "Once, on 2027-06-01 at 09:00 (UTC)"... */
export function describeSchedule(schedule: NonNullable<CreateTriggerRequest['schedule']>): string {
  const zone = ` (${schedule.timezone})`;
  switch (schedule.kind) {
    case 'once':
      // "2027-06-01T09:00:00.000Z" -> "2027-06-01 at 09:00Z": seconds only when they matter
      return `Once, on ${(schedule.at ?? '').replace(/^(\S+?)T(\d\d:\d\d)(?::00(?:\.0+)?)?/, '$1 at $2')}${zone}`;
    case 'daily':
      return `Every day at ${schedule.time}${zone}`;
    case 'weekly':
      return `Every ${schedule.weekday ? WEEKDAY_WORDS[schedule.weekday] : 'week'} at ${schedule.time}${zone}`;
    case 'monthly':
      return `Every month on the ${ordinal(schedule.day ?? 1)}${(schedule.day ?? 1) >= 29 ? ' (or its last day)' : ''} at ${schedule.time}${zone}`;
    case 'cron':
      return `On the cron schedule “${schedule.cron}”${zone}`;
  }
}

/** When the trigger fires, in one sentence. */
export function describeTrigger(t: TriggerLike): string {
  if (t.type === 'keyword') {
    const words = orList((t.keywords ?? []).map((k) => `“${k}”`));
    const casing = t.caseSensitive ? ', same upper and lower case' : '';
    return `When a message ${MATCH_WORDS[t.match ?? 'exact']} ${words}${casing}`;
  }
  if (t.type === 'event') {
    const conditions = (t.conditions ?? []).map((c) => `${c.field.replace(/^contact\./, '')} ${OPERATOR_WORDS[c.operator] ?? c.operator}${c.operator === 'is_empty' ? '' : ` “${String(c.value ?? '')}”`}`);
    return `When ${t.event ? EVENT_WORDS[t.event] : 'an event happens'}${conditions.length ? `, if ${conditions.join(' and ')}` : ''}`;
  }
  const audience = [t.audience?.tags?.length ? `contacts tagged ${orList(t.audience.tags.map((x) => `“${x}”`))}` : 'every contact', t.audience?.channel ? `on ${t.audience.channel === 'sms' ? 'SMS' : t.audience.channel === 'whatsapp' ? 'WhatsApp' : t.audience.channel}` : ''].filter(Boolean).join(' ');
  return t.schedule ? `${describeSchedule(t.schedule)}, for ${audience}` : `On a schedule, for ${audience}`;
}
