// Text with {{variables}}: a small Monaco editor that completes the flow's variable names.
import { Input, Loader } from '@mantine/core';
import type { WidgetProps } from '@rjsf/utils';
import { lazy, Suspense } from 'react';

const MonacoInput = lazy(() => import('../monaco/MonacoInput'));

export function TemplateWidget({ id, value, onChange, onBlur, label, required, rawErrors, schema, readonly, disabled }: WidgetProps) {
  const error = rawErrors && rawErrors.length > 0 ? rawErrors.join('; ') : undefined;
  const long = (schema.maxLength ?? 0) > 1024;
  return (
    <Input.Wrapper
      id={`${id}-wrapper`}
      label={label}
      description={schema.description}
      required={required}
      error={error}
      labelProps={{ htmlFor: undefined, id: `${id}-label` }}
    >
      <Suspense fallback={<Loader size="xs" aria-label="Loading the editor" />}>
        <MonacoInput
          id={id}
          ariaLabel={label || 'Text'}
          language="template"
          value={typeof value === 'string' ? value : ''}
          height={long ? 96 : 60}
          readOnly={readonly || disabled}
          onChange={(text) => onChange(text === '' ? undefined : text)}
          onBlur={() => onBlur(id, value)}
        />
      </Suspense>
    </Input.Wrapper>
  );
}
