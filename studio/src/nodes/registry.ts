// Node type -> its studio definition. One folder per type: studio/src/nodes/<type>/.
import type { NodeType } from '@botloom/shared';
import { askDefinition } from './ask/ask-definition';
import { bookAppointmentDefinition } from './book_appointment/book-appointment-definition';
import { conditionDefinition } from './condition/condition-definition';
import { endDefinition } from './end/end-definition';
import { handoffDefinition } from './handoff/handoff-definition';
import { jumpDefinition } from './jump/jump-definition';
import type { NodeDefinition } from './node-definition';
import { sendMessageDefinition } from './send_message/send-message-definition';
import { setVariableDefinition } from './set_variable/set-variable-definition';
import { startDefinition } from './start/start-definition';
import { waitDefinition } from './wait/wait-definition';
import { webhookActionDefinition } from './webhook_action/webhook-action-definition';

export const nodeDefinitions: { readonly [T in NodeType]: NodeDefinition<T> } = {
  start: startDefinition,
  send_message: sendMessageDefinition,
  ask: askDefinition,
  wait: waitDefinition,
  condition: conditionDefinition,
  set_variable: setVariableDefinition,
  webhook_action: webhookActionDefinition,
  book_appointment: bookAppointmentDefinition,
  handoff: handoffDefinition,
  jump: jumpDefinition,
  end: endDefinition,
};

/** The order types appear in the palette. */
export const PALETTE_ORDER = Object.keys(nodeDefinitions) as NodeType[];

export function definitionOf<T extends NodeType>(type: T): NodeDefinition<T> {
  return nodeDefinitions[type] as NodeDefinition<T>;
}
