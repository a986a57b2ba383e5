import argon2 from 'argon2';

/** argon2id with the library's defaults (memory-hard; OWASP's first choice). */
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Verifying against a fixed hash when the email is unknown keeps login timing uniform.
let dummyHash: Promise<string> | undefined;
export function dummyVerify(password: string): Promise<boolean> {
  dummyHash ??= hashPassword('botloom-timing-equalizer');
  return dummyHash.then((h) => verifyPassword(h, password));
}
