// The flows of a bot: create, rename, duplicate, delete. Names are unique within a bot (compared
// without case or surrounding spaces). The main flow is the bot's entry point: it cannot be deleted.
import type { FlowDocument } from '@botloom/shared';
import type { Types } from 'mongoose';
import { FlowModel, flowNameKey } from '../../adapters/mongo/models';
import { isDuplicateKeyError } from '../../adapters/mongo/errors';
import { ConflictError } from '../../ports/errors';
import type { TriggerStore } from '../../ports/trigger-store';
import { flowOf, flowRefs } from './flow-service';

const NEW_FLOW: FlowDocument = { nodes: [{ id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} }], edges: [] };

export type FlowSummary = { id: string; name: string; main: boolean; jumpsWithoutWaiting: string[] };

export async function listFlows(botId: Types.ObjectId): Promise<FlowSummary[]> {
  return (await flowRefs(botId)).map((f) => ({ id: f.id, name: f.name, main: f.main === true, jumpsWithoutWaiting: [...(f.jumpsWithoutWaiting ?? [])] }));
}

const nameTaken = (name: string) => new ConflictError(`This bot already has a flow called “${name.trim()}”; choose another name`, { field: '/name' });

async function assertNameFree(botId: Types.ObjectId, name: string, except?: Types.ObjectId): Promise<void> {
  const key = flowNameKey(name);
  const flows = await FlowModel.find({ botId }, { name: 1 }).lean();
  // flows made before names were keyed have no nameKey: compare the names themselves
  if (flows.some((f) => flowNameKey(f.name) === key && !(except && f._id.equals(except)))) throw nameTaken(name);
}

async function createWithName(botId: Types.ObjectId, name: string, draft: FlowDocument) {
  await assertNameFree(botId, name);
  try {
    return await FlowModel.create({ botId, name: name.trim(), isMain: false, draft, rev: 0 });
  } catch (err) {
    if (isDuplicateKeyError(err)) throw nameTaken(name);
    throw err;
  }
}

const summary = (f: { _id: Types.ObjectId; name: string; isMain?: boolean | null }) => ({ id: f._id.toString(), name: f.name, main: f.isMain === true });

export async function createFlow(botId: Types.ObjectId, name: string) {
  return summary(await createWithName(botId, name, NEW_FLOW));
}

export async function renameFlow(botId: Types.ObjectId, flowId: string, name: string) {
  const flow = await flowOf(botId.toString(), flowId);
  await assertNameFree(botId, name, flow._id);
  try {
    await FlowModel.updateOne({ _id: flow._id }, { $set: { name: name.trim(), nameKey: flowNameKey(name) } });
  } catch (err) {
    if (isDuplicateKeyError(err)) throw nameTaken(name);
    throw err;
  }
  return { ...summary(flow), name: name.trim() };
}

/** A copy of a flow's draft under the first free name of "<name> (copy)", "<name> (copy 2)"... */
export async function duplicateFlow(botId: Types.ObjectId, flowId: string) {
  const flow = await flowOf(botId.toString(), flowId);
  const taken = new Set((await FlowModel.find({ botId }, { name: 1 }).lean()).map((f) => flowNameKey(f.name)));
  let name = `${flow.name} (copy)`;
  for (let n = 2; taken.has(flowNameKey(name)); n++) name = `${flow.name} (copy ${n})`;
  const draft = { nodes: flow.draft?.nodes ?? [], edges: flow.draft?.edges ?? [] } as FlowDocument;
  return summary(await createWithName(botId, name, draft));
}

/** What still leads to a flow: jump steps in the bot's flows (itself aside) and triggers. */
export async function usesOf(botId: Types.ObjectId, flowId: Types.ObjectId, triggers: TriggerStore) {
  const id = flowId.toString();
  const flows = await FlowModel.find({ botId, _id: { $ne: flowId } }, { name: 1, draft: 1 }).lean();
  const jumps = flows.flatMap((f) =>
    ((f.draft?.nodes ?? []) as FlowDocument['nodes'])
      .filter((n) => n.type === 'jump' && n.data?.flow_id === id)
      .map((n) => ({ kind: 'jump' as const, flowId: f._id.toString(), flowName: f.name, nodeId: n.id })),
  );
  const triggered = (await triggers.usingFlow(botId.toString(), id)).map((t) => ({ kind: 'trigger' as const, triggerId: t.id, triggerName: t.name }));
  return [...jumps, ...triggered];
}

export async function deleteFlow(botId: Types.ObjectId, flowId: string, triggers: TriggerStore) {
  const flow = await flowOf(botId.toString(), flowId);
  if (flow.isMain) throw new ConflictError('The main flow cannot be deleted: new conversations start there', { usedBy: [] });
  const usedBy = await usesOf(botId, flow._id, triggers);
  if (usedBy.length > 0) {
    const words = usedBy.map((u) => (u.kind === 'jump' ? `a “Go to flow” step in “${u.flowName}”` : `the trigger “${u.triggerName}”`));
    throw new ConflictError(`“${flow.name}” is still used by ${[...new Set(words)].join(', ')}. Change or remove those first`, { usedBy });
  }
  await FlowModel.deleteOne({ _id: flow._id });
  return summary(flow);
}
