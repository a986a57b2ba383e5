// The names of the bot's flows, for the card of a "Go to flow" step (its summary is a plain
// function of the step's data). The editor keeps it current while a bot is open.
let names = new Map<string, string>();

export function setFlowNames(flows: ReadonlyArray<{ id: string; name: string }>): void {
  names = new Map(flows.map((f) => [f.id, f.name]));
}

export function flowNameOf(flowId: string | undefined): string | undefined {
  return flowId ? names.get(flowId) : undefined;
}
