// Where the variable list applies in a text being typed: only right after "{{", while the
// caret is still inside an unfinished name. Any other text, and a new line, never opens it.

export interface VariableQuery {
  /** Index of the "{{" the name starts after. */
  start: number;
  /** The caret: the end of what has been typed of the name. */
  end: number;
  /** The part of the name typed so far (may be empty). */
  query: string;
}

const NAME_SO_FAR = /^[A-Za-z0-9_.]*$/;

export function variableQueryAt(text: string, caret: number): VariableQuery | null {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf('{{');
  if (open < 0) return null;
  const typed = before.slice(open + 2);
  if (!NAME_SO_FAR.test(typed)) return null;
  return { start: open, end: caret, query: typed };
}

export interface Inserted {
  text: string;
  caret: number;
}

/** Replaces "{{typed" with "{{path}}" (also eating the rest of a name and its "}}" already there). */
export function completeVariable(text: string, query: VariableQuery, path: string): Inserted {
  let after = text.slice(query.end);
  const rest = /^[A-Za-z0-9_.]*\}\}/.exec(after);
  if (rest) after = after.slice(rest[0].length);
  const token = `{{${path}}}`;
  return { text: text.slice(0, query.start) + token + after, caret: query.start + token.length };
}

/** Puts "{{path}}" where the caret is, replacing a selection (the "Insert a variable" menu). */
export function insertVariableAt(text: string, selectionStart: number, selectionEnd: number, path: string): Inserted {
  const token = `{{${path}}}`;
  return { text: text.slice(0, selectionStart) + token + text.slice(selectionEnd), caret: selectionStart + token.length };
}

export interface NamedVariable {
  path: string;
  label: string;
}

/** The variables whose name or label contains what was typed after "{{", in their order. */
export function matchingVariables<T extends NamedVariable>(variables: readonly T[], query: string): T[] {
  const wanted = query.trim().toLowerCase();
  if (!wanted) return [...variables];
  return variables.filter((v) => v.path.toLowerCase().includes(wanted) || v.label.toLowerCase().includes(wanted));
}
