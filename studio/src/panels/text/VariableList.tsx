// The list of variables that opens after "{{": friendly name first, the exact name it inserts
// below it. A click inserts (mousedown is held back so the text field keeps its caret).
import { Stack, Text, UnstyledButton } from '@mantine/core';
import type { TemplateVariable } from '../monaco/variable-catalogue';

interface Props {
  id: string;
  variables: readonly TemplateVariable[];
  active: number;
  onHover: (index: number) => void;
  onPick: (variable: TemplateVariable) => void;
}

export function VariableList({ id, variables, active, onHover, onPick }: Props) {
  return (
    <Stack gap={0} id={id} role="listbox" aria-label="Variables" mah={220} style={{ overflowY: 'auto' }}>
      <Text size="xs" c="gray.7" px={8} py={4}>
        Tab or click to insert. Enter keeps typing.
      </Text>
      {variables.map((v, i) => (
        <UnstyledButton
          key={v.path}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          data-variable={v.path}
          tabIndex={-1}
          px={8}
          py={4}
          style={{ borderRadius: 4, background: i === active ? 'var(--mantine-color-indigo-0)' : undefined }}
          onMouseDown={(event) => event.preventDefault()}
          onMouseEnter={() => onHover(i)}
          onClick={() => onPick(v)}
        >
          <Text size="sm" fw={600}>
            {v.label}
          </Text>
          <Text size="xs" c="gray.7">
            {v.detail}
          </Text>
        </UnstyledButton>
      ))}
    </Stack>
  );
}
