// Titles and descriptions of grouped fields (a timeout's amount and unit, a list of choices),
// sized like the labels of single fields so the panel reads as one form.
import { Text } from '@mantine/core';
import type { DescriptionFieldProps, TitleFieldProps } from '@rjsf/utils';

export function FieldGroupTitle({ id, title, required }: TitleFieldProps) {
  return (
    <Text id={id} fw={600} size="sm" mb={2}>
      {title}
      {required ? ' *' : ''}
    </Text>
  );
}

export function FieldGroupDescription({ id, description }: DescriptionFieldProps) {
  if (!description) return null;
  return (
    <Text id={id} size="xs" c="gray.7" mb={4}>
      {description}
    </Text>
  );
}
