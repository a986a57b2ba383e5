// A Monaco editor as a form input, for JSON (headers, request bodies): code is where a code
// editor helps. Prose fields use TemplateTextarea instead (see studio/README.md).
import Editor from '@monaco-editor/react';
import { Loader } from '@mantine/core';
import type * as Monaco from 'monaco-editor';
import { useRef } from 'react';
import './monaco-setup';
import { TEMPLATE_LANGUAGE } from './template-language';

export interface MonacoInputProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  language: 'template' | 'json';
  ariaLabel: string;
  height?: number;
  readOnly?: boolean;
}

const OPTIONS: Monaco.editor.IStandaloneEditorConstructionOptions = {
  minimap: { enabled: false },
  lineNumbers: 'off',
  glyphMargin: false,
  folding: false,
  lineDecorationsWidth: 6,
  lineNumbersMinChars: 0,
  wordWrap: 'on',
  scrollBeyondLastLine: false,
  renderLineHighlight: 'none',
  overviewRulerLanes: 0,
  hideCursorInOverviewRuler: true,
  scrollbar: { vertical: 'auto', horizontal: 'hidden', alwaysConsumeMouseWheel: false },
  fontSize: 13,
  // what is typed stays exactly as typed: no list opens on ordinary words, Enter is always a
  // new line (a suggestion is taken with Tab or a click), nothing is closed, indented or
  // formatted behind the builder's back
  quickSuggestions: false,
  wordBasedSuggestions: 'off',
  suggestOnTriggerCharacters: true,
  acceptSuggestionOnEnter: 'off',
  acceptSuggestionOnCommitCharacter: false,
  tabCompletion: 'off',
  autoClosingBrackets: 'never',
  autoClosingQuotes: 'never',
  autoSurround: 'never',
  autoIndent: 'none',
  formatOnType: false,
  formatOnPaste: false,
  fixedOverflowWidgets: true,
  automaticLayout: true,
  tabFocusMode: true,
  accessibilitySupport: 'auto',
  // a real textarea, so the canvas's keyboard shortcuts (Delete, Space) know someone is typing
  editContext: false,
};

export default function MonacoInput({ id, value, onChange, onBlur, language, ariaLabel, height = 84, readOnly = false }: MonacoInputProps) {
  const blurRef = useRef(onBlur);
  blurRef.current = onBlur;
  return (
    <div
      id={id}
      data-monaco-field={ariaLabel}
      style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 'var(--mantine-radius-sm)', overflow: 'hidden' }}
    >
      <Editor
        height={height}
        language={language === 'template' ? TEMPLATE_LANGUAGE : 'json'}
        theme="botloom"
        value={value}
        loading={<Loader size="xs" aria-label="Loading the editor" />}
        options={{ ...OPTIONS, ariaLabel, readOnly }}
        onChange={(next) => onChange(next ?? '')}
        onMount={(editor) => editor.onDidBlurEditorText(() => blurRef.current?.())}
      />
    </div>
  );
}
