/** MongoDB's duplicate-key error (E11000), as thrown by the driver through mongoose. */
export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
