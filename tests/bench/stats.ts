// Latency percentiles and the printed table.

/** Nearest-rank percentile of an ascending array (p in 0..100); null when empty. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const round = (n: number | null, digits = 1): number | null =>
  n === null || !Number.isFinite(n) ? null : Math.round(n * 10 ** digits) / 10 ** digits;

export function latencySummary(latenciesMs: number[]) {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((s, x) => s + x, 0) / sorted.length : null;
  return {
    min: round(sorted[0] ?? null),
    mean: round(mean),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? null),
  };
}

/** Two aligned columns: label, value. */
export function table(rows: [string, unknown][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  const line = '-'.repeat(width + 22);
  return [line, ...rows.map(([k, v]) => `${k.padEnd(width)}  ${v === null || v === undefined ? 'n/a' : String(v)}`), line].join('\n');
}
