// The use cases the account's pages and API share, beyond profile.ts and security.ts.
import type { AppDeps } from '../../deps.js';
import { checkCurrentPassword } from './security.js';
import { eraseAccount, type ErasureSummary } from './erasure.js';
import type { Profile } from './profile.js';

/** "Delete my account": the password first, then everything eraseAccount says (its refusals are 409s). */
export async function deleteOwnAccount(deps: AppDeps, userId: number, password: string): Promise<ErasureSummary> {
  await checkCurrentPassword(deps.db.writer, userId, password);
  return eraseAccount(deps, userId, { kind: 'self' });
}

export function profileJson(profile: Profile) {
  return {
    id: profile.id,
    email: profile.email,
    firstName: profile.firstName,
    lastName: profile.lastName,
    emailVerified: profile.emailVerified,
    pendingEmail: profile.pendingEmail,
    notifications: { receipt: profile.notifyReceipt, ready: profile.notifyReady },
    createdAt: profile.createdAt.toISOString(),
  };
}
