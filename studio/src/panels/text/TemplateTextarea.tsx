// A text field for what the contact reads (messages, questions, notes, values): a plain
// textarea, so what is typed is exactly what is kept (Enter is a new line, nothing completes
// on its own). Variables come in two ways: typing "{{" lists them (arrows move, Tab or a click
// inserts, Enter never does, Escape closes), or the "Insert a variable" menu. A counter shows
// the length against the limit, when there is one.
import { Group, Popover, Textarea, TextInput } from '@mantine/core';
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { currentVariables, type TemplateVariable } from '../monaco/variable-catalogue';
import { CharacterCounter } from './CharacterCounter';
import { InsertVariableMenu } from './InsertVariableMenu';
import { VariableList } from './VariableList';
import { completeVariable, insertVariableAt, matchingVariables, variableQueryAt, type Inserted, type VariableQuery } from './variable-query';

export interface TemplateTextareaProps {
  id: string;
  label: string;
  description?: string;
  required?: boolean;
  error?: string;
  placeholder?: string;
  value: string;
  onChange: (text: string) => void;
  onBlur?: () => void;
  readOnly?: boolean;
  maxLength?: number;
  /** One line (a web address): Enter adds nothing. */
  singleLine?: boolean;
}

type Field = HTMLTextAreaElement | HTMLInputElement;

export function TemplateTextarea(props: TemplateTextareaProps) {
  const { id, label, description, required, error, placeholder, value, onChange, onBlur, readOnly = false, maxLength, singleLine } = props;
  // the field keeps its own text: a keystroke never waits for the store's round trip. What
  // comes back from the store is an echo of something typed earlier (ignored: it may be older
  // than what is on screen) or a change from outside, such as undo (shown)
  const [text, setText] = useState(value);
  const waiting = useRef<{ text: string; timer: ReturnType<typeof setTimeout> } | null>(null);
  const inFlight = useRef<string[]>([]);
  useEffect(() => {
    const echoed = inFlight.current.indexOf(value);
    if (echoed >= 0) {
      inFlight.current = inFlight.current.slice(echoed + 1);
      return;
    }
    inFlight.current = [];
    if (waiting.current) clearTimeout(waiting.current.timer);
    waiting.current = null;
    setText(value);
  }, [value]);

  const field = useRef<Field>(null);
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (pendingCaret.current === null || !field.current) return;
    field.current.focus();
    field.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  const [query, setQuery] = useState<VariableQuery | null>(null);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const matches = useMemo<TemplateVariable[]>(() => (query ? matchingVariables(currentVariables(), query.query) : []), [query]);
  const open = !readOnly && query !== null && query.start !== dismissedAt && matches.length > 0;
  const listId = useId();

  // the character shows at once; the step (validation, canvas, autosave) follows in the next
  // task, with every keystroke typed meanwhile: a busy machine never makes typing lag. Leaving
  // the field, or the panel, hands over anything still waiting.
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const flush = useCallback(() => {
    const pending = waiting.current;
    if (!pending) return;
    clearTimeout(pending.timer);
    waiting.current = null;
    inFlight.current.push(pending.text);
    onChangeRef.current(pending.text);
  }, []);
  useEffect(() => flush, [flush]);
  const commit = (next: string) => {
    setText(next);
    if (waiting.current) waiting.current.text = next;
    else waiting.current = { text: next, timer: setTimeout(flush, 0) };
  };
  const apply = (done: Inserted) => {
    pendingCaret.current = done.caret;
    setQuery(null);
    commit(done.text);
  };
  const follow = (el: Field) => {
    const caret = el.selectionStart ?? 0;
    const next = caret === el.selectionEnd ? variableQueryAt(el.value, caret) : null;
    setQuery((prev) => (prev?.start === next?.start && prev?.query === next?.query && prev?.end === next?.end ? prev : next));
    if (next?.query !== query?.query || next?.start !== query?.start) setActive(0);
    if (!next) setDismissedAt(null);
  };
  const accept = (variable: TemplateVariable | undefined) => {
    if (variable && query) apply(completeVariable(text, query, variable.path));
  };

  const onKeyDown = (event: KeyboardEvent<Field>) => {
    if (singleLine && event.key === 'Enter') event.preventDefault();
    if (!open || !query) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + matches.length) % matches.length);
    } else if (event.key === 'Tab' && !event.shiftKey) {
      event.preventDefault();
      accept(matches[active]);
    } else if (event.key === 'Escape') {
      // closes the list only; the panel and the canvas do not see this Escape
      event.preventDefault();
      event.stopPropagation();
      setDismissedAt(query.start);
    }
    // Enter: nothing special. The list closes because a new line ends the name.
  };

  const shared = {
    id,
    ref: field as never,
    label,
    description,
    required,
    error,
    placeholder,
    value: text,
    readOnly,
    onChange: (event: { currentTarget: Field }) => {
      commit(singleLine ? event.currentTarget.value.replace(/[\r\n]+/g, '') : event.currentTarget.value);
      follow(event.currentTarget);
    },
    onSelect: (event: { currentTarget: Field }) => follow(event.currentTarget),
    onKeyDown,
    onBlur: () => {
      flush();
      setQuery(null);
      onBlur?.();
    },
    'aria-controls': open ? listId : undefined,
    'aria-activedescendant': open ? `${listId}-${active}` : undefined,
    'aria-autocomplete': 'list' as const,
    autoComplete: 'off',
    spellCheck: true,
  };

  return (
    <div data-template-field={label}>
      <Popover
        opened={open}
        position="bottom-start"
        width="target"
        trapFocus={false}
        returnFocus={false}
        closeOnEscape={false}
        // the list is a listbox tied to the text field, not a dialog
        withRoles={false}
        withinPortal
      >
        <Popover.Target>
          <div>{singleLine ? <TextInput {...shared} /> : <Textarea {...shared} autosize minRows={2} maxRows={12} />}</div>
        </Popover.Target>
        <Popover.Dropdown p={4}>
          <VariableList id={listId} variables={matches} active={active} onHover={setActive} onPick={accept} />
        </Popover.Dropdown>
      </Popover>
      <Group justify="space-between" gap="xs" mt={4} wrap="nowrap">
        {readOnly ? (
          <span />
        ) : (
          <InsertVariableMenu
            fieldLabel={label}
            onPick={(variable) => {
              const el = field.current;
              const start = el?.selectionStart ?? text.length;
              const end = el?.selectionEnd ?? start;
              apply(insertVariableAt(text, start, end, variable.path));
            }}
          />
        )}
        {maxLength !== undefined && <CharacterCounter text={text} max={maxLength} />}
      </Group>
    </div>
  );
}
