// Headers and request bodies: JSON edited in Monaco. The node only changes once the text parses.
import { Input, Loader } from '@mantine/core';
import type { FieldProps } from '@rjsf/utils';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';

const MonacoInput = lazy(() => import('../monaco/MonacoInput'));

const keyOf = (value: unknown) => (value === undefined ? '' : JSON.stringify(value));
const show = (value: unknown) => (value === undefined ? '' : JSON.stringify(value, null, 2));

export function JsonField({ formData, onChange, schema, name, fieldPathId, rawErrors, required, disabled, readonly }: FieldProps) {
  const [text, setText] = useState(() => show(formData));
  const [parseError, setParseError] = useState<string | null>(null);
  // values sent to the step and not yet seen back: their echo may be older than the text on
  // screen and must not replace it; anything else (undo, another step) is shown
  const inFlight = useRef<string[]>([]);
  const shownKey = useRef(keyOf(formData));

  useEffect(() => {
    const key = keyOf(formData);
    const echoed = inFlight.current.indexOf(key);
    if (echoed >= 0) {
      inFlight.current = inFlight.current.slice(echoed + 1);
      return;
    }
    if (key === shownKey.current) return; // the same value again: keep the text as typed
    inFlight.current = [];
    shownKey.current = key;
    setText(show(formData));
    setParseError(null);
  }, [formData]);

  const send = (value: unknown) => {
    shownKey.current = keyOf(value);
    inFlight.current.push(shownKey.current);
    onChange(value, fieldPathId.path);
  };

  const edit = (next: string) => {
    setText(next);
    if (next.trim() === '') {
      setParseError(null);
      send(undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(next);
      setParseError(null);
      send(parsed);
    } catch (err) {
      setParseError(`Not valid JSON yet: ${(err as Error).message}`);
    }
  };

  const label = schema.title ?? name;
  const error = parseError ?? (rawErrors && rawErrors.length > 0 ? rawErrors.join('; ') : undefined);
  return (
    <Input.Wrapper
      label={label}
      description={schema.description}
      required={required}
      error={error}
      labelProps={{ htmlFor: undefined }}
      mb="sm"
    >
      <Suspense fallback={<Loader size="xs" aria-label="Loading the editor" />}>
        <MonacoInput
          id={fieldPathId.$id}
          ariaLabel={`${label} (JSON)`}
          language="json"
          value={text}
          height={110}
          onChange={edit}
          readOnly={!!(disabled || readonly)}
        />
      </Suspense>
    </Input.Wrapper>
  );
}
