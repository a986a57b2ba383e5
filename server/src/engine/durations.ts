const UNIT_MS = { seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

export type DurationUnit = keyof typeof UNIT_MS;

export function durationMs(amount: number, unit: DurationUnit): number {
  return Math.round(amount * UNIT_MS[unit]);
}

export function addDuration(now: Date, amount: number, unit: DurationUnit): string {
  return new Date(now.getTime() + durationMs(amount, unit)).toISOString();
}
