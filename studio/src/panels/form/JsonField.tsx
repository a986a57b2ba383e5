// Headers and request bodies: JSON edited in Monaco. The node only changes once the text parses.
import { Input, Loader } from '@mantine/core';
import type { FieldProps } from '@rjsf/utils';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';

const MonacoInput = lazy(() => import('../monaco/MonacoInput'));

const show = (value: unknown) => (value === undefined ? '' : JSON.stringify(value, null, 2));

export function JsonField({ formData, onChange, schema, name, fieldPathId, rawErrors, required, disabled, readonly }: FieldProps) {
  const [text, setText] = useState(() => show(formData));
  const [parseError, setParseError] = useState<string | null>(null);
  const lastSent = useRef<unknown>(formData);

  // undo, or another node selected: show the new value
  useEffect(() => {
    if (formData !== lastSent.current) {
      lastSent.current = formData;
      setText(show(formData));
      setParseError(null);
    }
  }, [formData]);

  const edit = (next: string) => {
    setText(next);
    if (next.trim() === '') {
      setParseError(null);
      lastSent.current = undefined;
      onChange(undefined, fieldPathId.path);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(next);
      setParseError(null);
      lastSent.current = parsed;
      onChange(parsed, fieldPathId.path);
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
