// Text with {{variables}} (messages, questions, notes, values, a webhook's address): the
// settings form's face of TemplateTextarea.
import type { WidgetProps } from '@rjsf/utils';
import { TemplateTextarea } from '../text/TemplateTextarea';

export function TemplateWidget({ id, value, onChange, onBlur, label, required, rawErrors, schema, readonly, disabled, placeholder, options }: WidgetProps) {
  return (
    <TemplateTextarea
      id={id}
      label={label}
      description={schema.description}
      required={required}
      error={rawErrors && rawErrors.length > 0 ? rawErrors.join('; ') : undefined}
      placeholder={placeholder}
      value={typeof value === 'string' ? value : ''}
      readOnly={!!(readonly || disabled)}
      maxLength={typeof schema.maxLength === 'number' ? schema.maxLength : undefined}
      singleLine={options.singleLine === true}
      onChange={(text) => onChange(text === '' ? undefined : text)}
      onBlur={() => onBlur(id, value)}
    />
  );
}
