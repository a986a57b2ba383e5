import type { FlowDocument, FlowRef } from '@botloom/shared';
import { Types } from 'mongoose';
import { AppointmentModel, BotModel, ContactModel, ConversationEventModel, ConversationModel, FlowModel, FlowVersionModel, MessageModel, ResourceModel } from '../../adapters/mongo/models';
import { isValidTimezone } from '../../domain/booking/slots';
import { DEFAULT_QUIET_HOURS } from '../../domain/outreach/quiet-hours';
import { NotFoundError, ValidationError } from '../../ports/errors';
import { draftView, flowRefs } from './flow-service';
import { fillPlaceholders, findTemplate } from './templates';

const EMPTY_FLOW: FlowDocument = { nodes: [{ id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} }], edges: [] };

/** A calendar to start from when a template needs one: weekdays 9 to 5, 30-minute slots. */
const DEFAULT_HOURS = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]]));

export function checkTimezone(timezone: string, path: string): void {
  if (!isValidTimezone(timezone)) throw new ValidationError(`Unknown time zone "${timezone}"; use an IANA name like Europe/London`, [{ path, message: 'is not a known IANA time zone' }]);
}

export function parseObjectId(id: string, what: string): Types.ObjectId {
  if (!Types.ObjectId.isValid(id) || String(new Types.ObjectId(id)) !== id.toLowerCase()) throw new NotFoundError(`${what} ${id} not found`);
  return new Types.ObjectId(id);
}

export async function loadBot(id: string) {
  const bot = await BotModel.findById(parseObjectId(id, 'bot')).lean();
  if (!bot) throw new NotFoundError(`bot ${id} not found`);
  return bot;
}

export async function createBot(input: { name: string; timezone?: string; template?: string }, userId: string | undefined) {
  const timezone = input.timezone ?? 'UTC';
  checkTimezone(timezone, '/timezone');
  const template = input.template ? findTemplate(input.template) : undefined;
  if (input.template && !template) throw new ValidationError(`No template called "${input.template}"`, [{ path: '/template', message: 'is not a known template' }]);
  const bot = await BotModel.create({ name: input.name, timezone, createdBy: userId });
  let flow = template?.flow ?? EMPTY_FLOW;
  if (template?.requires.includes('resource')) {
    const resource = await ResourceModel.create({ botId: bot._id, name: 'Main calendar', timezone, slotMinutes: 30, weeklyHours: DEFAULT_HOURS });
    flow = fillPlaceholders(flow, { resource: resource._id.toString() });
  }
  const created = await FlowModel.create({ botId: bot._id, name: 'Main', isMain: true, draft: flow, rev: 0 });
  await BotModel.updateOne({ _id: bot._id }, { $set: { mainFlowId: created._id } });
  return botView(bot.toObject(), created);
}

type BotLike = {
  _id: Types.ObjectId;
  name: string;
  timezone?: string | null;
  helpText?: string | null;
  registeredOnly?: boolean | null;
  registeredOnlyText?: string | null;
  quietHours?: { start?: string | null; end?: string | null } | null;
  createdAt?: Date;
  updatedAt?: Date;
};

export function botView(bot: BotLike, flow?: Parameters<typeof draftView>[0] & { publishedNumber?: number | null }, refs?: FlowRef[]) {
  return {
    id: bot._id.toString(),
    name: bot.name,
    timezone: bot.timezone ?? 'UTC',
    helpText: bot.helpText ?? '',
    registeredOnly: bot.registeredOnly ?? false,
    registeredOnlyText: bot.registeredOnlyText ?? '',
    quietHours: { start: bot.quietHours?.start ?? DEFAULT_QUIET_HOURS.start, end: bot.quietHours?.end ?? DEFAULT_QUIET_HOURS.end },
    createdAt: bot.createdAt,
    updatedAt: bot.updatedAt,
    ...(flow ? { flow: draftView(flow, refs), publishedVersion: flow.publishedNumber ?? 0 } : {}),
  };
}

export async function getBot(id: string) {
  const bot = await loadBot(id);
  const flow = await FlowModel.findOne({ botId: bot._id, isMain: true }).lean();
  return botView(bot, flow ?? undefined, flow ? await flowRefs(bot._id) : undefined);
}

export async function listBots() {
  const bots = await BotModel.find({}).sort({ createdAt: -1 }).lean();
  const flows = await FlowModel.find({ botId: { $in: bots.map((b) => b._id) }, isMain: true }, { botId: 1, publishedNumber: 1, draftUpdatedAt: 1 }).lean();
  const byBot = new Map(flows.map((f) => [f.botId.toString(), f]));
  return bots.map((b) => ({ ...botView(b), publishedVersion: byBot.get(b._id.toString())?.publishedNumber ?? 0, draftUpdatedAt: byBot.get(b._id.toString())?.draftUpdatedAt ?? null }));
}

export async function duplicateBot(id: string, userId: string | undefined) {
  const bot = await loadBot(id);
  const flows = await FlowModel.find({ botId: bot._id }).sort({ isMain: -1, createdAt: 1 }).lean();
  const copy = await BotModel.create({ name: `${bot.name} (copy)`, timezone: bot.timezone, helpText: bot.helpText, registeredOnly: bot.registeredOnly, registeredOnlyText: bot.registeredOnlyText, quietHours: bot.quietHours, createdBy: userId });
  const resources = await ResourceModel.find({ botId: bot._id }).lean();
  const idMap: Record<string, string> = {};
  // the copy's flows get new ids up front, so its jumps (and its calendars' reply flows) can point at them
  for (const f of flows) idMap[f._id.toString()] = new Types.ObjectId().toString();
  for (const r of resources) {
    const { _id, botId: _b, createdAt: _c, updatedAt: _u, replyFlowId, ...rest } = r;
    const copiedReplyFlow = replyFlowId ? idMap[replyFlowId.toString()] : undefined;
    idMap[_id.toString()] = (await ResourceModel.create({ ...rest, ...(copiedReplyFlow ? { replyFlowId: copiedReplyFlow } : {}), botId: copy._id }))._id.toString();
  }
  // the copy's booking nodes point at the copy's calendars, its jump nodes at the copy's flows
  const remap = (draft: unknown) => JSON.parse(JSON.stringify(draft ?? EMPTY_FLOW).replace(/[0-9a-f]{24}/g, (m) => idMap[m] ?? m)) as FlowDocument;
  let main = null;
  for (const f of flows.length > 0 ? flows : [{ _id: new Types.ObjectId(), name: 'Main', isMain: true, draft: EMPTY_FLOW }]) {
    const created = await FlowModel.create({ _id: idMap[f._id.toString()] ?? f._id, botId: copy._id, name: f.name, isMain: f.isMain === true, draft: remap(f.draft), rev: 0 });
    if (created.isMain) main = created;
  }
  await BotModel.updateOne({ _id: copy._id }, { $set: { mainFlowId: main!._id } });
  return botView(copy.toObject(), main!);
}

export async function deleteBot(id: string): Promise<void> {
  const bot = await loadBot(id);
  // the bot goes first so nothing new arrives for it while its data is removed
  await BotModel.deleteOne({ _id: bot._id });
  for (const model of [FlowVersionModel, FlowModel, ResourceModel, AppointmentModel, MessageModel, ConversationEventModel, ConversationModel, ContactModel] as const) {
    await (model as typeof FlowModel).deleteMany({ botId: bot._id });
  }
}
