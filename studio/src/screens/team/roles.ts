// The roles, in the words the team screens use.
export const ROLES = [
  { value: 'admin', label: 'Admin: everything, including the team' },
  { value: 'editor', label: 'Editor: builds and publishes bots' },
  { value: 'agent', label: 'Agent: inbox, takeover, simulator' },
  { value: 'viewer', label: 'Viewer: reads only' },
];

export const ROLE_NAMES: Record<string, string> = { admin: 'Admin', editor: 'Editor', agent: 'Agent', viewer: 'Viewer' };
