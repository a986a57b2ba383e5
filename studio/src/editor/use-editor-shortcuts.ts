// Ctrl/Cmd+Z undo, Shift+Ctrl+Z or Ctrl+Y redo, Ctrl+C / Ctrl+V copy and paste steps, Ctrl+S
// save now. Delete/Backspace are React Flow's own. Typing in a field keeps the field's own keys.
import { useEffect, useRef } from 'react';

export interface EditorShortcuts {
  undo: () => void;
  redo: () => void;
  copy: () => void;
  paste: () => void;
  save: () => void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('.monaco-editor') !== null;
}

export function useEditorShortcuts(actions: EditorShortcuts): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 's') {
        event.preventDefault();
        ref.current.save();
        return;
      }
      // in a text field, undo/copy/paste belong to the field
      if (isTyping(event.target) || document.querySelector('[role="dialog"]')) return;
      const selectedText = window.getSelection()?.toString() ?? '';
      if (key === 'z' && !event.shiftKey) ref.current.undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') ref.current.redo();
      else if (key === 'c' && selectedText === '') ref.current.copy();
      else if (key === 'v') ref.current.paste();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
