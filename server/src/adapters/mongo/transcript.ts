// The latest messages of a conversation as chat turns, oldest first: the context an AI reply reads.
import { Types } from 'mongoose';
import type { ChatTurn } from '../../ports/ai';
import { MessageModel } from './models';

export async function readTranscript(conversationId: string, limit: number): Promise<ChatTurn[]> {
  if (!Types.ObjectId.isValid(conversationId) || limit <= 0) return [];
  const rows = await MessageModel.find({ conversationId: new Types.ObjectId(conversationId) }, { direction: 1, text: 1 })
    .sort({ createdAt: -1, _id: -1 })
    .limit(limit)
    .lean();
  return rows
    .reverse()
    .filter((row) => typeof row.text === 'string' && row.text.trim() !== '')
    .map((row) => ({ role: row.direction === 'in' ? 'contact' : 'bot', text: row.text as string }));
}
