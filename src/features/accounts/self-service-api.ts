// JSON API for the account's own page (issue 14): profile, password, email verification, sessions,
// the data export and deletion. Every route needs a signed-in caller (401 otherwise), and answers
// only about that caller: there is no id to name anybody else.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { errors } from '../../web/schemas.js';
import { requireUser, SESSION_COOKIE } from '../../web/session.js';
import { exportExists, exportFileName, streamAccountExport } from './data-export.js';
import { confirmAccountLink, loadProfile, resendVerification, updateProfile } from './profile.js';
import { changePassword, endOtherSessions, endSession, listSessions } from './security.js';
import { deleteOwnAccount, profileJson } from './self-service.js';
import { DeletionBody, EmailVerificationBody, PasswordChangeBody, ProfileJson, ProfilePatch, SessionJson, SessionParams } from './self-service-schemas.js';

const auth = { security: [{ bearer: [] }] };
const tags = ['account'];

export async function accountSelfServiceApi(root: FastifyInstance, { deps }: { deps: AppDeps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/v1/account', { schema: { tags, summary: 'Your account', ...auth, response: { 200: ProfileJson, ...errors(401, 404) } } }, async (request) =>
    profileJson(await loadProfile(deps.db.writer, requireUser(request).id)),
  );

  app.patch(
    '/api/v1/account',
    {
      schema: {
        tags,
        summary: 'Change your name, email (confirmed by a link sent to it) or notification choices',
        description: 'A new email is stored as `pendingEmail` and emailed a confirmation link; the old address is told. Rate-limited (429) as it sends email.',
        ...auth,
        body: ProfilePatch,
        response: { 200: ProfileJson, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { notifications, ...rest } = request.body;
      const outcome = await updateProfile(deps, user.id, { ...rest, notifyReceipt: notifications?.receipt, notifyReady: notifications?.ready });
      return profileJson(outcome.profile);
    },
  );

  app.post(
    '/api/v1/account/password',
    {
      schema: {
        tags,
        summary: 'Change your password with the current one; every other session (and its live streams) ends',
        ...auth,
        body: PasswordChangeBody,
        response: { 200: Type.Object({ otherSessionsEnded: Type.Integer() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return { otherSessionsEnded: await changePassword(deps, user.id, request.sessionSecret, request.body) };
    },
  );

  app.post(
    '/api/v1/account/email-verification',
    {
      schema: {
        tags,
        summary: "Send a new verification link (rate-limited), or confirm an address with a link's token",
        description:
          'With `token` (from the emailed link) the address is confirmed, or a pending new address takes effect; no session is needed. Without it a new link is sent to your address.',
        body: EmailVerificationBody,
        response: {
          200: Type.Object({ result: Type.Union([Type.Literal('verified'), Type.Literal('changed'), Type.Literal('already-verified')]) }),
          202: Type.Object({ result: Type.Literal('sent') }),
          ...errors(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      if (request.body.token !== undefined) return { result: await confirmAccountLink(deps, request.body.token) };
      const result = await resendVerification(deps, requireUser(request).id);
      return result === 'sent' ? reply.code(202).send({ result }) : { result };
    },
  );

  app.get(
    '/api/v1/account/sessions',
    {
      schema: {
        tags,
        summary: 'Your active sessions (device, last seen)',
        ...auth,
        response: { 200: Type.Object({ sessions: Type.Array(SessionJson) }), ...errors(401) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const sessions = await listSessions(deps, user.id, request.sessionSecret);
      return { sessions: sessions.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString() })) };
    },
  );

  app.delete(
    '/api/v1/account/sessions/:id',
    {
      schema: {
        tags,
        summary: 'Sign one of your sessions out (its live streams end)',
        ...auth,
        params: SessionParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await endSession(deps, requireUser(request).id, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/account/sessions/sign-out-others',
    {
      schema: { tags, summary: 'Sign out everywhere else', ...auth, response: { 200: Type.Object({ ended: Type.Integer() }), ...errors(401, 403) } },
    },
    async (request) => ({ ended: await endOtherSessions(deps, requireUser(request).id, request.sessionSecret) }),
  );

  app.get(
    '/api/v1/account/export',
    {
      schema: {
        tags,
        summary: 'Download your data (JSON, streamed)',
        description:
          'The account, sessions, basket, orders with lines, payments (card brand and last 4 only), refunds, events, and the audit entries about you.',
        ...auth,
        produces: ['application/json'],
        response: { 200: Type.Unknown({ description: 'alpaca-cafe-account-export/1 document' }), ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await exportExists(deps.db.writer, user.id);
      const now = deps.clock();
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${exportFileName(now)}"`)
        .header('cache-control', 'no-store')
        .send(streamAccountExport(deps.db.writer, user.id, now));
    },
  );

  app.post(
    '/api/v1/account/deletion',
    {
      schema: {
        tags,
        summary: 'Delete your account (with your password): personal data erased, orders kept for the books as "Deleted customer"',
        description: 'Refused with 409 while an order is under way (`order_in_flight`) or while the account holds a staff role (`has_roles`).',
        ...auth,
        body: DeletionBody,
        response: { 200: Type.Object({ deleted: Type.Literal(true), ordersKept: Type.Integer() }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const summary = await deleteOwnAccount(deps, user.id, request.body.password);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { deleted: true as const, ordersKept: summary.ordersKept };
    },
  );
}
