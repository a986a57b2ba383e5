// The settings form does not validate on its own: the flow is validated as a whole by the
// shared validator (the server's), and its findings for this node come in as extraErrors.
import type { FlowIssue } from '@botloom/shared';
import type { ErrorSchema, ValidatorType } from '@rjsf/utils';

export const noSecondValidator: ValidatorType = {
  validateFormData: () => ({ errors: [], errorSchema: {} }),
  isValid: () => true,
  rawValidation: () => ({ errors: [] }),
};

/** "/nodes/3/data/timeout/duration" -> { timeout: { duration: { __errors: [...] } } } */
export function issuesToErrorSchema(issues: readonly FlowIssue[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const found of issues) {
    const match = /^\/nodes\/\d+\/data(\/.*)?$/.exec(found.path);
    if (!match) continue;
    const parts = (match[1] ?? '').split('/').filter(Boolean);
    let at = root;
    for (const part of parts) at = (at[part] ??= {}) as Record<string, unknown>;
    at.__errors = [...((at.__errors as string[] | undefined) ?? []), found.message];
  }
  return root as ErrorSchema;
}
