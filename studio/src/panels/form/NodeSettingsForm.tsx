// The settings form of one node, generated from its type's JSON Schema with Mantine widgets;
// templates and JSON get Monaco, calendars a picker of the bot's calendars.
import type { FlowIssue, NodeType } from '@botloom/shared';
import { Form } from '@rjsf/mantine';
import type { IChangeEvent } from '@rjsf/core';
import { memo, useMemo } from 'react';
import { definitionOf } from '../../nodes/registry';
import { FieldGroupDescription, FieldGroupTitle } from './field-group-text';
import { JsonField } from './JsonField';
import { nodeForm } from './form-schema';
import { FlowWidget } from './FlowWidget';
import { ResourceWidget } from './ResourceWidget';
import { issuesToErrorSchema, noSecondValidator } from './shared-validator-adapter';
import { TemplateWidget } from './TemplateWidget';
import { VariableWidget } from './VariableWidget';

const widgets = { template: TemplateWidget, resource: ResourceWidget, variable: VariableWidget, flow: FlowWidget };
const templates = { TitleFieldTemplate: FieldGroupTitle, DescriptionFieldTemplate: FieldGroupDescription };
const fields = { json: JsonField };

interface Props {
  readOnly?: boolean;
  nodeId: string;
  type: NodeType;
  data: Record<string, unknown>;
  issues: readonly FlowIssue[];
  onChange: (data: Record<string, unknown>) => void;
}

function NodeSettingsFormView({ nodeId, type, data, issues, onChange, readOnly = false }: Props) {
  const { schema, uiSchema: baseUi } = nodeForm(type);
  const hidden = (definitionOf(type).hiddenFields as ((d: Record<string, unknown>) => string[]) | undefined)?.(data) ?? [];
  const hiddenKey = hidden.join(',');
  const uiSchema = useMemo(
    () =>
      hiddenKey
        ? {
            ...baseUi,
            ...Object.fromEntries(hiddenKey.split(',').map((f) => [f, { ...(baseUi[f] as object | undefined), 'ui:widget': 'hidden' }])),
          }
        : baseUi,
    [baseUi, hiddenKey],
  );
  const extraErrors = useMemo(() => issuesToErrorSchema(issues), [issues]);
  return (
    <Form
      key={nodeId}
      idPrefix={`node-${nodeId}`}
      schema={schema}
      uiSchema={uiSchema}
      formData={data}
      validator={noSecondValidator}
      widgets={widgets}
      fields={fields}
      templates={templates}
      extraErrors={extraErrors}
      showErrorList={false}
      disabled={readOnly}
      liveValidate={false}
      noHtml5Validate
      experimental_defaultFormStateBehavior={{ emptyObjectFields: 'skipDefaults' }}
      onChange={(event: IChangeEvent) => onChange((event.formData ?? {}) as Record<string, unknown>)}
    />
  );
}

export const NodeSettingsForm = memo(NodeSettingsFormView);
