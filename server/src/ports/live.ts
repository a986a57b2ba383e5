/** What admins watching live receive. Published from the journal, after it is written. */
export type LiveEvent =
  | {
      type: 'message.created';
      botId: string;
      conversationId: string;
      messageId: string;
      direction: 'in' | 'out';
      text: string;
      nodeId?: string;
      sentBy: string;
      status: string;
      createdAt: string;
    }
  | { type: 'conversation.updated'; botId: string; conversationId: string; contactId: string; status: string; nodeId: string | null; updatedAt: string }
  | { type: 'message.status'; botId: string; conversationId?: string; messageId: string; status: string }
  /** A flow's handoff node asks for a person: a notice for every agent watching the bot. */
  | { type: 'handoff.requested'; botId: string; conversationId: string; contactId: string; nodeId: string; note: string; at: string };

export interface LivePort {
  publish(event: LiveEvent): void;
}
