import { Schema, model } from 'mongoose';

/**
 * The next moment a sender (one provider number) may send, shared by every server process. A send
 * first raises `nextAt` to at least now ($max: a conditional update), then takes it and advances it
 * by one interval in a single atomic $inc; no transactions, no retry loops under contention.
 */
const senderPaceSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** Milliseconds since the epoch, a number so that $inc can advance it atomically. */
    nextAt: { type: Number, required: true },
  },
  { versionKey: false },
);

export const SenderPaceModel = model('SenderPace', senderPaceSchema);
