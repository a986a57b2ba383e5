import { type NodeDefinition } from '../node-definition';

const ACTIONS = { book: 'Books a time', cancel: 'Cancels a booking', reschedule: 'Moves a booking' } as const;

export const bookAppointmentDefinition: NodeDefinition<'book_appointment'> = {
  type: 'book_appointment',
  defaults: { action: 'book', offer_count: 3, save_as: 'appointment' },
  summary: (data) => ACTIONS[data.action ?? 'book'],
  hiddenFields: (data) => (data.action === 'cancel' ? ['offer_count', 'prompt', 'confirmation'] : []),
  uiSchema: { 'ui:order': ['action', 'resource_id', 'offer_count', 'prompt', 'confirmation', 'save_as', 'timeout', 'label'] },
};
