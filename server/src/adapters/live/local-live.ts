import { EventEmitter } from 'node:events';
import type { LiveEvent, LivePort } from '../../ports/live';

/** Live events inside one process. The Socket.IO adapter subscribes to this and fans out. */
export function createLocalLive(): LivePort & { subscribe(fn: (e: LiveEvent) => void): () => void } {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (event) => void emitter.emit('event', event),
    subscribe(fn) {
      emitter.on('event', fn);
      return () => void emitter.off('event', fn);
    },
  };
}
