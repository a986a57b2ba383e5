// How many lines (1 or 2) a step's summary gets on its card. The card's height must be known
// without laying it out (a card off screen is skipped by content-visibility and given its size by
// the component), so the summary's height is decided here from the text's width, measured once
// with a canvas in the card's font, rather than by the browser's wrapping. A wrong guess only
// truncates a line early or leaves a line empty: the card's size stays what the CSS says.
const SUMMARY_WIDTH = 208; // the card's content width (FlowNodeCard.module.css)
const SUMMARY_FONT_PX = 12; // --mantine-font-size-xs

let context: OffscreenCanvasRenderingContext2D | null | undefined;

function measuringContext(): OffscreenCanvasRenderingContext2D | null {
  if (context !== undefined) return context;
  context = typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(1, 1).getContext('2d');
  if (context) context.font = `${SUMMARY_FONT_PX}px ${getComputedStyle(document.body).fontFamily}`;
  return context;
}

const cache = new Map<string, 1 | 2>();

export function summaryLines(text: string): 1 | 2 {
  const known = cache.get(text);
  if (known) return known;
  const ctx = measuringContext();
  const lines = !ctx || ctx.measureText(text).width > SUMMARY_WIDTH ? 2 : 1;
  if (cache.size > 5000) cache.clear();
  cache.set(text, lines);
  return lines;
}
