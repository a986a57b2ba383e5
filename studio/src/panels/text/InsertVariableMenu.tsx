// "Insert a variable": the same variables as after "{{", for those who do not know the braces.
import { Button, Menu, Text } from '@mantine/core';
import { IconBraces } from '@tabler/icons-react';
import { useState } from 'react';
import { currentVariables, type TemplateVariable } from '../monaco/variable-catalogue';

export function InsertVariableMenu({ fieldLabel, onPick }: { fieldLabel: string; onPick: (variable: TemplateVariable) => void }) {
  const [variables, setVariables] = useState<TemplateVariable[]>([]);
  return (
    <Menu position="bottom-start" withinPortal onOpen={() => setVariables(currentVariables())} returnFocus={false}>
      <Menu.Target>
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconBraces size={14} aria-hidden />}
          aria-label={`Insert a variable into ${fieldLabel || 'the text'}`}
          // keeps the caret where it was in the text
          onMouseDown={(event) => event.preventDefault()}
        >
          Insert a variable
        </Button>
      </Menu.Target>
      <Menu.Dropdown mah={260} style={{ overflowY: 'auto' }}>
        {variables.map((v) => (
          <Menu.Item key={v.path} onClick={() => onPick(v)} data-variable={v.path}>
            <Text size="sm">{v.label}</Text>
            <Text size="xs" c="gray.7">
              {v.detail}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
