// The runtime's entry points that work without a running app, on the MongoDB stores of the current
// mongoose connection: tools and tests store a message "before a crash", or reserve send slots.
import { createBotCache } from '../adapters/mongo/mongo-catalog';
import { createMongoStores } from '../adapters/mongo/mongo-stores';
import { createInbox, type InboundInput, type InboundReceipt } from '../runtime/inbox';
import { createSenderPacer } from '../runtime/sender-pacer';
import { resolveVersion } from './services/flow-service';

function stores() {
  return createMongoStores({ bots: createBotCache(), resolveDraft: (botId) => resolveVersion(botId, 'draft') });
}

/** Stores an inbound message the way a webhook does, without processing it. */
export async function receiveInbound(input: InboundInput, now: Date): Promise<InboundReceipt> {
  const { arrival: _arrival, ...receipt } = await createInbox(stores()).receive(input, now);
  return receipt;
}

/** Reserves a sender's next send time, as a send does before calling the provider. */
export async function reserveSendSlot(sender: string, interval: number, now: () => Date): Promise<Date> {
  return new Date(await createSenderPacer({ store: stores().pace, now }).reserve(sender, interval));
}
