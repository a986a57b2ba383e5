// Every node type's handler, by the type's name. A test fails when a schema has no handler here.
import type { NodeHandlers } from '../engine/node-handler';
import { askHandler } from './ask/handler';
import { bookAppointmentHandler } from './book_appointment/handler';
import { conditionHandler } from './condition/handler';
import { endHandler } from './end/handler';
import { handoffHandler } from './handoff/handler';
import { jumpHandler } from './jump/handler';
import { sendMessageHandler } from './send_message/handler';
import { setVariableHandler } from './set_variable/handler';
import { startHandler } from './start/handler';
import { waitHandler } from './wait/handler';
import { webhookActionHandler } from './webhook_action/handler';

export const nodeHandlers: NodeHandlers = {
  start: startHandler,
  send_message: sendMessageHandler,
  ask: askHandler,
  wait: waitHandler,
  condition: conditionHandler,
  set_variable: setVariableHandler,
  webhook_action: webhookActionHandler,
  book_appointment: bookAppointmentHandler,
  handoff: handoffHandler,
  jump: jumpHandler,
  end: endHandler,
};
