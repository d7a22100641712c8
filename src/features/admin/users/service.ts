// Granting and revoking roles, disabling and enabling accounts. Only admins,
// never on themselves (src/domain/permissions.ts); each change is audited in
// its own transaction, and disabling deletes the account's sessions at once.
import type { Kysely } from 'kysely';
import Type, { type Static } from 'typebox';
import type { DB } from '../../../db/schema.js';
import { write } from '../../../db/unit-of-work.js';
import { NotFoundError, ValidationError } from '../../../domain/errors.js';
import { authorize } from '../../../domain/permissions.js';
import { recordAudit } from '../../audit/index.js';
import type { CurrentUser } from '../../../web/current-user.js';
import { isUniqueViolation } from '../params.js';
import { deleteUserSessions } from '../../../web/session-store.js';
import { publishAccessChange } from '../../../live/live-hub.js';

/** The grant form: a role, and the store for store-scoped roles (none for the others). */
export const GrantForm = Type.Object({
  role: Type.String({ maxLength: 40 }),
  storeId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
});
export type GrantInput = Static<typeof GrantForm>;
export const grantMessages = { storeId: 'Choose a store from the list.' };

async function lockUser(trx: Kysely<DB>, id: number) {
  const user = await trx.selectFrom('users').select(['id', 'email', 'disabled_at']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!user) throw new NotFoundError('User');
  return user;
}

export async function grantRole(db: Kysely<DB>, actor: CurrentUser, userId: number, input: GrantInput): Promise<string> {
  authorize(actor, 'role.grant', { targetUserId: userId });
  try {
    return await write(db, async (trx) => {
      const user = await lockUser(trx, userId);
      const role = await trx.selectFrom('roles').selectAll().where('slug', '=', input.role).executeTakeFirst();
      if (!role) throw new ValidationError({ role: 'Choose a role.' });
      let store: { id: number; slug: string; name: string } | undefined;
      if (role.store_scoped) {
        store =
          input.storeId === undefined
            ? undefined
            : await trx.selectFrom('stores').select(['id', 'slug', 'name']).where('id', '=', input.storeId).executeTakeFirst();
        if (!store) throw new ValidationError({ storeId: `A ${role.name.toLowerCase()} works at a store: choose one.` });
      } else if (input.storeId !== undefined) {
        throw new ValidationError({ storeId: `${role.name} is not tied to a store: leave the store empty.` });
      }
      const row = await trx
        .insertInto('user_roles')
        .values({ user_id: userId, role: role.slug, store_id: store?.id ?? null, granted_by: actor.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      const grant = { role: role.slug, store: store?.slug ?? null };
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'role.grant',
        entity: 'user',
        entityId: userId,
        storeId: store?.id ?? null,
        after: { ...grant, grantId: row.id, email: user.email },
      });
      // The store as people know it ("Alpaca Cafe Ipswich"), never its slug (issue 10 item 8).
      return store ? `${role.name} at ${store.name}` : role.name;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError({ role: 'They already hold that role there.' });
    throw error;
  }
}

export async function revokeRole(db: Kysely<DB>, actor: CurrentUser, userId: number, grantId: number): Promise<string> {
  authorize(actor, 'role.revoke', { targetUserId: userId });
  return write(db, async (trx) => {
    const user = await lockUser(trx, userId);
    const grant = await trx.deleteFrom('user_roles').where('id', '=', grantId).where('user_id', '=', userId).returning(['role', 'store_id']).executeTakeFirst();
    if (!grant) throw new NotFoundError('Role');
    await publishAccessChange(trx, userId); // their open streams re-check the grants left (decision 501)
    const store = grant.store_id === null ? null : await trx.selectFrom('stores').select(['slug', 'name']).where('id', '=', grant.store_id).executeTakeFirst();
    const role = await trx.selectFrom('roles').select('name').where('slug', '=', grant.role).executeTakeFirst();
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'role.revoke',
      entity: 'user',
      entityId: userId,
      storeId: grant.store_id,
      before: { role: grant.role, store: store?.slug ?? null, grantId, email: user.email },
    });
    const roleName = role?.name ?? grant.role;
    return store ? `${roleName} at ${store.name}` : roleName;
  });
}

/** Disabling ends every session of the account in the same transaction: its next request is a guest's. */
export async function setDisabled(db: Kysely<DB>, actor: CurrentUser, userId: number, disabled: boolean, now: Date): Promise<void> {
  authorize(actor, 'user.disable', { targetUserId: userId });
  await write(db, async (trx) => {
    const user = await lockUser(trx, userId);
    if ((user.disabled_at !== null) === disabled) return; // already so: nothing to change or record
    await trx
      .updateTable('users')
      .set({ disabled_at: disabled ? now : null })
      .where('id', '=', userId)
      .execute();
    const ended = disabled ? await deleteUserSessions(trx, userId) : 0;
    await recordAudit(trx, {
      actorId: actor.id,
      action: disabled ? 'user.disable' : 'user.enable',
      entity: 'user',
      entityId: userId,
      before: { email: user.email, disabledAt: user.disabled_at },
      after: { email: user.email, disabledAt: disabled ? now : null, ...(disabled ? { sessionsEnded: ended } : {}) },
    });
  });
}
