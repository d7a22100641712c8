// /admin/users: search, view, grant/revoke roles, disable/enable.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import type { FieldErrors } from '../../../domain/errors.js';
import { formRoute } from '../../../web/form-route.js';
import { pageContext } from '../../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../../web/render.js';
import { requireAdmin } from '../guard.js';
import { idParam } from '../params.js';
import { storeChoices } from '../stores/queries.js';
import { getUserDetail, listRoles, recentOrders, searchUsers } from './queries.js';
import { GrantForm, grantMessages, grantRole, revokeRole, setDisabled } from './service.js';
import { UserPage, UserSearchPage } from './views.js';
import { failure, success } from '../../../web/message.js';
import { eraseAccount, streamAccountExport } from '../../accounts/index.js';
import { recordAudit } from '../../audit/index.js';
import { authorize } from '../../../domain/permissions.js';
import { write } from '../../../db/unit-of-work.js';
import { ConflictError } from '../../../domain/errors.js';

type IdParams = { Params: { id: string } };

export async function adminUserPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;

  async function userPage(request: FastifyRequest, reply: FastifyReply, id: number, form?: { values: { role: string; storeId: string }; errors: FieldErrors }) {
    const user = await getUserDetail(db, id);
    const [ctx, orders, roles, stores] = await Promise.all([pageContext(deps, request, reply), recentOrders(db, id), listRoles(db), storeChoices(db)]);
    return <UserPage ctx={ctx} user={user} orders={orders} roles={roles} stores={stores} {...form} />;
  }

  app.get<{ Querystring: { q?: string; page?: string } }>('/admin/users', async (request, reply) => {
    const q = typeof request.query.q === 'string' ? request.query.q.slice(0, 100) : '';
    const page = /^\d{1,5}$/.test(request.query.page ?? '') ? Math.max(1, Number(request.query.page)) : 1;
    const [ctx, found] = await Promise.all([pageContext(deps, request, reply), searchUsers(db, q, page)]);
    return sendPage(reply, <UserSearchPage ctx={ctx} q={q} page={page} users={found.users} total={found.total} />);
  });

  app.get<IdParams>('/admin/users/:id', async (request, reply) => sendPage(reply, await userPage(request, reply, idParam(request.params.id, 'User'))));

  app.post<IdParams>(
    '/admin/users/:id/roles',
    formRoute({
      schema: GrantForm,
      messages: grantMessages,
      async action(input, request) {
        const id = idParam(request.params.id, 'User');
        const granted = await grantRole(db, requireAdmin(request), id, input);
        return { redirect: `/admin/users/${id}`, flash: success(`Granted ${granted}.`) };
      },
      invalid: (request, reply, { values, errors }) =>
        userPage(request, reply, idParam(request.params.id, 'User'), { values: { role: values['role'] ?? '', storeId: values['storeId'] ?? '' }, errors }),
    }),
  );

  // Revoking and disabling ask first (issue 10 item 8): the button opens a confirmation in the page
  // (a <details>, no JavaScript needed) whose own button sends confirm=yes; without it nothing changes.
  app.post<{ Params: { id: string; grantId: string }; Body: { confirm?: unknown } }>('/admin/users/:id/roles/:grantId/revoke', async (request, reply) => {
    const admin = requireAdmin(request);
    const id = idParam(request.params.id, 'User');
    if (request.body?.confirm !== 'yes') return redirectWithFlash(reply, `/admin/users/${id}`, failure('Nothing revoked: confirm with "Yes, revoke".'));
    const revoked = await revokeRole(db, admin, id, idParam(request.params.grantId, 'Role'));
    return redirectWithFlash(reply, `/admin/users/${id}`, success(`Revoked ${revoked}.`));
  });

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post<IdParams & { Body: { confirm?: unknown } }>(`/admin/users/:id/${action}`, async (request, reply) => {
      const admin = requireAdmin(request);
      const id = idParam(request.params.id, 'User');
      if (disabled && request.body?.confirm !== 'yes') {
        return redirectWithFlash(reply, `/admin/users/${id}`, failure('Account not disabled: confirm with "Yes, disable".'));
      }
      await setDisabled(db, admin, id, disabled, deps.clock());
      return redirectWithFlash(reply, `/admin/users/${id}`, success(disabled ? 'Account disabled; its sessions have ended.' : 'Account enabled.'));
    });
  }

  // Their data, for someone who can't sign in (issue 14 item 5): not on oneself, audited, no personal data in the audit row.
  app.get<IdParams>('/admin/users/:id/export', async (request, reply) => {
    const admin = requireAdmin(request);
    const id = idParam(request.params.id, 'User');
    authorize(admin, 'user.disable', { targetUserId: id });
    const user = await getUserDetail(db, id);
    await write(db, (trx) => recordAudit(trx, { actorId: admin.id, action: 'account.export', entity: 'user', entityId: user.id }));
    const now = deps.clock();
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="alpaca-cafe-user-${user.id}-${now.toISOString().slice(0, 10)}.json"`)
      .header('cache-control', 'no-store')
      .send(streamAccountExport(db, user.id, now));
  });

  app.post<IdParams & { Body: { confirm?: unknown } }>('/admin/users/:id/erase', async (request, reply) => {
    const admin = requireAdmin(request);
    const id = idParam(request.params.id, 'User');
    authorize(admin, 'user.disable', { targetUserId: id });
    if (request.body?.confirm !== 'on') return redirectWithFlash(reply, `/admin/users/${id}`, failure('Tick the box to confirm the erasure.'));
    try {
      const summary = await eraseAccount(deps, id, { kind: 'admin', adminId: admin.id });
      return redirectWithFlash(
        reply,
        `/admin/users/${id}`,
        success(`Personal data erased; ${summary.ordersKept} orders kept for the books as "Deleted customer".`),
      );
    } catch (error) {
      if (error instanceof ConflictError) return redirectWithFlash(reply, `/admin/users/${id}`, failure(error.message));
      throw error;
    }
  });
}
