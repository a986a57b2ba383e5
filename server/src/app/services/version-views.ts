// Reading published versions: the list with what changed from one to the next (over every flow,
// and flow by flow), and one version with the content of each of its flows.
import { diffFlows, type FlowDiff, type FlowDocument } from '@botloom/shared';
import { FlowVersionModel } from '../../adapters/mongo/models';
import { NotFoundError } from '../../ports/errors';
import { mainFlow, versionView } from './flow-service';
import { versionFlows, type SetMember } from './version-content';

const EMPTY: FlowDocument = { nodes: [], edges: [] };
const hasChanges = (d: FlowDiff) => Object.values(d).some((list) => list.length > 0);

/** What changed in each flow between two versions; flows with no change are left out. */
function flowChanges(before: SetMember[], after: SetMember[]) {
  const old = new Map(before.map((f) => [f.id, f]));
  const now = new Map(after.map((f) => [f.id, f]));
  const ids = [...new Set([...after.map((f) => f.id), ...before.map((f) => f.id)])];
  return ids.flatMap((id) => {
    const a = old.get(id);
    const b = now.get(id);
    const changes = diffFlows(a ?? EMPTY, b ?? EMPTY);
    const status = !a ? 'added' : !b ? 'removed' : hasChanges(changes) ? 'changed' : null;
    return status ? [{ flowId: id, name: (b ?? a)!.name, main: (b ?? a)!.main, status, changes }] : [];
  });
}

/** Every flow's changes in one diff, steps of the flows other than the main one under `<flowId>/<stepId>`. */
function combined(list: ReturnType<typeof flowChanges>): FlowDiff {
  const out: FlowDiff = { addedNodes: [], removedNodes: [], changedNodes: [], addedEdges: [], removedEdges: [] };
  for (const f of list) {
    for (const key of Object.keys(out) as Array<keyof FlowDiff>) out[key].push(...f.changes[key].map((id) => (f.main ? id : `${f.flowId}/${id}`)));
  }
  return out;
}

export async function listVersions(botId: string) {
  const flow = await mainFlow(botId);
  const versions = await FlowVersionModel.find({ flowId: flow._id, kind: 'published' }).sort({ number: -1 }).lean();
  return versions.map((v, i) => {
    const previous = versions[i + 1];
    const flows = previous ? flowChanges(versionFlows(previous), versionFlows(v)) : null;
    return { ...versionView(v), live: flow.publishedVersionId?.equals(v._id) ?? false, changes: flows ? combined(flows) : null, flowChanges: flows };
  });
}

/** One version: `nodes`/`edges` are its main flow's (as always); `flows` lists every flow it holds. */
export async function getVersion(botId: string, number: number) {
  const flow = await mainFlow(botId);
  const v = await FlowVersionModel.findOne({ flowId: flow._id, kind: 'published', number }).lean();
  if (!v) throw new NotFoundError(`version ${number} does not exist`);
  const flows = versionFlows(v).map(({ id, name, main, nodes, edges }) => ({ id, name, main, nodes, edges }));
  return { ...versionView(v), nodes: v.nodes, edges: v.edges, flows };
}
