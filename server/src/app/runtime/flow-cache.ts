// Flow versions are immutable, so their validated form can be cached per process without
// breaking statelessness: any process computes the same value from the database.
import { validateForPublish, type RunnableFlow } from '@botloom/shared';
import { FlowVersionModel } from '../../adapters/mongo/models';
import { InvariantError } from '../../ports/errors';

const MAX_ENTRIES = 500;
const cache = new Map<string, RunnableFlow>();

export async function loadRunnableFlow(versionId: string): Promise<RunnableFlow> {
  const hit = cache.get(versionId);
  if (hit) return hit;
  const version = await FlowVersionModel.findById(versionId, { nodes: 1, edges: 1 }).lean();
  if (!version) throw new InvariantError('flow version missing', { versionId });
  const checked = validateForPublish({ nodes: version.nodes, edges: version.edges });
  if (!checked.flow) throw new InvariantError('stored flow version does not validate', { versionId, errors: checked.errors });
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(versionId, checked.flow);
  return checked.flow;
}
