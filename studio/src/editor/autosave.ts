// Never lose work: saves the draft about 800 ms after the last change, with the revision it
// was loaded at, whatever the validator found (unfinished or mistyped fields are problems the
// server stores with the draft, never a reason to hold it back). A 409 means another tab saved
// first: autosave stops and the editor says so.
import { flowApi } from '../api/botloom-api';
import { ApiError, describeError } from '../api/http';
import type { FlowStore } from '../store/create-flow-store';
import { sameDocument, toStoredEdges, toStoredNodes } from '../store/flow-document';
import type { FlowSnapshot } from '../store/flow-types';

export interface Autosave {
  /** Saves now if anything is unsaved; resolves once the server has answered. */
  flush: () => Promise<void>;
  /** The store now holds what the server has (after a reload, rollback or import). */
  resetBaseline: () => void;
  /** True while something is not yet stored: waiting to save, saving, or a save that failed. */
  hasUnsavedWork: () => boolean;
  dispose: () => void;
}

const RETRY_MS = 5000;

export function attachAutosave(store: FlowStore, delayMs = 800): Autosave {
  const snapshot = (): FlowSnapshot => ({ nodes: store.getState().nodes, edges: store.getState().edges });
  let saved = snapshot();
  let seen = saved;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | null = null;
  const setSave = store.getState().setSave;

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), ms);
  };

  async function saveOnce(): Promise<void> {
    const state = store.getState();
    if (state.save.status === 'conflict') return;
    const current = snapshot();
    if (sameDocument(saved, current)) return setSave({ status: 'saved' });
    setSave({ status: 'saving' });
    try {
      const answer = await flowApi.save(
        state.botId,
        { nodes: toStoredNodes(current.nodes), edges: toStoredEdges(current.edges), rev: state.save.rev },
        state.flow.main ? undefined : state.flow.id,
      );
      saved = current;
      const upToDate = sameDocument(saved, snapshot());
      setSave({ status: upToDate ? 'saved' : 'pending', rev: answer.rev, savedAt: Date.now(), message: undefined });
      if (!upToDate) schedule(delayMs);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setSave({ status: 'conflict', message: err.message });
      } else if (err instanceof ApiError && err.status === 422) {
        // only a malformed flow (not something typed in a form) is refused: say why, keep the work in the tab
        setSave({ status: 'blocked', message: describeError(err) });
      } else {
        setSave({ status: 'error', message: describeError(err) });
        schedule(RETRY_MS);
      }
    }
  }

  async function flush(): Promise<void> {
    clearTimeout(timer);
    while (inFlight) await inFlight;
    inFlight = saveOnce().finally(() => {
      inFlight = null;
    });
    await inFlight;
  }

  const unsubscribe = store.subscribe((state) => {
    const current = { nodes: state.nodes, edges: state.edges };
    if (sameDocument(seen, current)) return;
    seen = current;
    if (state.save.status === 'conflict') return;
    if (sameDocument(saved, current)) {
      clearTimeout(timer);
      if (state.save.status !== 'saving') setSave({ status: 'saved', message: undefined });
      return;
    }
    if (state.save.status !== 'saving' && state.save.status !== 'pending') setSave({ status: 'pending', message: undefined });
    schedule(delayMs);
  });

  const hasUnsavedWork = () => inFlight !== null || !sameDocument(saved, snapshot());
  // closing or reloading the tab with work not yet stored: the browser asks first
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (hasUnsavedWork()) event.preventDefault();
  };
  window.addEventListener('beforeunload', onBeforeUnload);

  return {
    flush,
    hasUnsavedWork,
    resetBaseline: () => {
      clearTimeout(timer);
      saved = snapshot();
      seen = saved;
      setSave({ status: 'saved', message: undefined });
    },
    dispose: () => {
      clearTimeout(timer);
      unsubscribe();
      window.removeEventListener('beforeunload', onBeforeUnload);
    },
  };
}
