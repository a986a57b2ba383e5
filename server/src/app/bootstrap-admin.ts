import { UserModel } from '../adapters/mongo/models';
import { hashPassword } from './auth/passwords';

/** The first admin comes from BOTLOOM_ADMIN_EMAIL / BOTLOOM_ADMIN_PASSWORD, only while no user exists. */
export async function ensureFirstAdmin(email: string | undefined, password: string | undefined, log: (msg: string) => void): Promise<void> {
  if (await UserModel.exists({})) return;
  if (!email || !password) {
    log('No users yet: set BOTLOOM_ADMIN_EMAIL and BOTLOOM_ADMIN_PASSWORD and restart to create the first admin.');
    return;
  }
  await UserModel.create({ email, name: 'Admin', role: 'admin', passwordHash: await hashPassword(password) });
  log(`Created the first admin, ${email}.`);
}
