// A Monaco editor as a form input: templates (with variable completion) or JSON.
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
  quickSuggestions: { other: true, strings: true, comments: false },
  suggestOnTriggerCharacters: true,
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
