// How a variable is named to a builder. The JSON keeps its exact path (state.answer,
// contact.first_name); the panel and the cards say "answer" or "the contact's first name".
const KNOWN: Record<string, string> = {
  'contact.first_name': "Contact's first name",
  'contact.phone': "Contact's phone number",
  'message.text': 'Last message from the contact',
};

/** "state.answer" and "answer" -> "answer"; "contact.city" -> "Contact's city". */
export function variableDisplayName(path: string): string {
  const trimmed = path.trim();
  if (KNOWN[trimmed]) return KNOWN[trimmed];
  if (trimmed.startsWith('state.')) return trimmed.slice('state.'.length);
  if (trimmed.startsWith('contact.')) return `Contact's ${trimmed.slice('contact.'.length).replace(/_/g, ' ')}`;
  return trimmed;
}

/** The line a card shows for a step that stores something: "Saved as: answer". */
export function savedAsText(path: unknown): string {
  return typeof path === 'string' && path.trim() ? `Saved as: ${variableDisplayName(path)}` : '';
}
