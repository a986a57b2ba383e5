import { type NodeDefinition } from '../node-definition';

const SUMMARIES = { book: 'Books a time', cancel: 'Cancels a booking', reschedule: 'Moves a booking' } as const;
export const BOOKING_ACTION_LABELS = { book: 'Book a time', cancel: 'Cancel a booking', reschedule: 'Move a booking' } as const;

export const bookAppointmentDefinition: NodeDefinition<'book_appointment'> = {
  type: 'book_appointment',
  defaults: { action: 'book', offer_count: 3, save_as: 'appointment' },
  summary: (data) => SUMMARIES[data.action ?? 'book'],
  hiddenFields: (data) => (data.action === 'cancel' ? ['preferred_time', 'offer_count', 'prompt', 'confirmation'] : []),
  uiSchema: {
    'ui:order': ['action', 'resource_id', 'preferred_time', 'offer_count', 'prompt', 'confirmation', 'save_as', 'timeout', 'label'],
    action: { 'ui:enumNames': BOOKING_ACTION_LABELS },
  },
};
