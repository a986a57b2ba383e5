// The shared validator speaks JSON Schema now and then ("must match pattern ..."); builders
// get the same finding in their words.
import type { FlowIssue } from '@botloom/shared';

const VARIABLE_PATTERN = '^((state|contact)\\.)?';

export function friendlyIssue(issue: FlowIssue): FlowIssue {
  if (issue.message.includes(VARIABLE_PATTERN)) {
    return { ...issue, message: 'Use a variable name such as state.email: letters, digits and _, no spaces' };
  }
  const max = /^must NOT have more than (\d+) characters$/.exec(issue.message);
  if (max) return { ...issue, message: `Too long: at most ${max[1]} characters` };
  if (issue.message === 'must be > 0') return { ...issue, message: 'Must be more than 0' };
  const bound = /^must be (>=|<=|>|<) (-?[\d.]+)$/.exec(issue.message);
  if (bound) {
    const words = { '>=': 'at least', '<=': 'at most', '>': 'more than', '<': 'less than' }[bound[1] as '>=' | '<=' | '>' | '<'];
    return { ...issue, message: `Must be ${words} ${bound[2]}` };
  }
  const items = /^must NOT have more than (\d+) items$/.exec(issue.message);
  if (items) return { ...issue, message: `Too many: at most ${items[1]}` };
  return issue;
}
