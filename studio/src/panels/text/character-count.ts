// The counter under a text with a limit. Counts what JSON Schema's maxLength counts: Unicode
// characters (code points), so an emoji is one, not two.

export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

export interface CounterState {
  /** "123 / 4,096" */
  text: string;
  over: boolean;
  /** What a screen reader says: "123 of 4,096 characters" or "... over the limit". */
  spoken: string;
}

const format = (n: number) => n.toLocaleString('en-US');

export function counterState(text: string, max: number): CounterState {
  const count = characterCount(text);
  const over = count > max;
  return {
    text: `${format(count)} / ${format(max)}`,
    over,
    spoken: `${format(count)} of ${format(max)} characters${over ? `, ${format(count - max)} over the limit` : ''}`,
  };
}
