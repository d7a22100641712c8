// The account page's forms (issue 14), Post/Redirect/Get through formRoute, CSRF on each; the same
// use cases as the JSON API (self-service-api.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import type { FieldErrors } from '../../domain/errors.js';
import { formRoute } from '../../web/form-route.js';
import { failure, success } from '../../web/message.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../web/render.js';
import { requireUser, SESSION_COOKIE } from '../../web/session.js';
import { AccountOrders, loadAccountOrders } from './account-orders.js';
import { ACCOUNT_TOKEN, accountTokenHash } from './account-tokens.js';
import { exportExists, exportFileName, streamAccountExport } from './data-export.js';
import { AccountLinkInvalidError, confirmAccountLink, loadProfile, resendVerification, updateProfile } from './profile.js';
import { changePassword, endOtherSessions, endSession, listSessions, WrongPasswordError } from './security.js';
import { deleteOwnAccount } from './self-service.js';
import { DeletionBody, PasswordChangeBody } from './self-service-schemas.js';
import {
  ConfirmEmailPage,
  DataSection,
  DeleteAccountPage,
  DetailsSection,
  NotificationsSection,
  PasswordSection,
  SessionsSection,
  type SectionProblem,
} from './self-service-views.js';
import { AccountPage } from './views.js';
import { hasSecondFactor, mustHaveSecondFactor } from './two-factor.js';
import { TwoFactorSection } from './two-factor-views.js';
import { isAdmin } from '../../domain/permissions.js';
import { listSavedCards, SavedCardsSection } from '../saved-cards/index.js';

const DetailsForm = Type.Object({
  firstName: Type.String({ maxLength: 200 }),
  lastName: Type.String({ maxLength: 200 }),
  email: Type.String({ maxLength: 300 }),
});
const NotificationsForm = Type.Object({
  receipt: Type.Boolean({ default: false }),
  ready: Type.Boolean({ default: false }),
});
const TokenForm = Type.Object({ token: Type.String({ maxLength: 100 }) });
const PasswordForm = PasswordChangeBody;

export async function accountSelfServicePages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;

  async function accountPage(request: FastifyRequest, reply: FastifyReply, problem?: SectionProblem) {
    const user = requireUser(request);
    const ctx = await pageContext(deps, request, reply);
    const [profile, sessions, orders, twoFactorOn, cards] = await Promise.all([
      // What the page shows is read like the rest of a page (decision 800): the writer, or a replica while it is away.
      loadProfile(deps.db.pageReads, user.id),
      listSessions(deps, user.id, request.sessionSecret),
      loadAccountOrders(deps, user.id),
      hasSecondFactor(deps.db.pageReads, user.id),
      listSavedCards(deps, user.id, deps.db.pageReads),
    ]);
    // Admins must and managers may use two-step sign-in (anyone else who turned it on can manage it).
    const offersTwoFactor = isAdmin(user) || user.grants.some((g) => g.role === 'manager') || twoFactorOn;
    return (
      <AccountPage
        ctx={ctx}
        orders={<AccountOrders orders={orders} ctx={ctx} />}
        sections={
          <>
            <DetailsSection ctx={ctx} profile={profile} problem={problem} />
            <SavedCardsSection ctx={ctx} cards={cards} />
            <NotificationsSection ctx={ctx} profile={profile} />
            <PasswordSection ctx={ctx} problem={problem} />
            <SessionsSection ctx={ctx} sessions={sessions} />
            {offersTwoFactor && <TwoFactorSection enabled={twoFactorOn} required={mustHaveSecondFactor(deps, user)} />}
            <DataSection />
          </>
        }
      />
    );
  }

  app.get('/account', async (request, reply) => sendPage(reply, await accountPage(request, reply)));

  app.post(
    '/account/profile',
    formRoute({
      schema: DetailsForm,
      async action(input, request) {
        const user = requireUser(request);
        const { confirmationSentTo } = await updateProfile(deps, user.id, input);
        return {
          redirect: '/account#details',
          flash: success(
            confirmationSentTo ? `Saved. We sent a link to ${confirmationSentTo}: your email changes when you follow it.` : 'Your details are saved.',
          ),
        };
      },
      invalid: (request, reply, { values, errors, message }) => accountPage(request, reply, { section: 'details', errors, message, values }),
    }),
  );

  app.post(
    '/account/notifications',
    formRoute({
      schema: NotificationsForm,
      async action(input, request) {
        await updateProfile(deps, requireUser(request).id, { notifyReceipt: input.receipt, notifyReady: input.ready });
        return { redirect: '/account#notifications', flash: success('Your email choices are saved.') };
      },
      invalid: () => ({ redirect: '/account#notifications' }),
    }),
  );

  app.post(
    '/account/password',
    formRoute({
      schema: PasswordForm,
      untrimmed: ['currentPassword', 'newPassword'],
      rerender: [WrongPasswordError],
      async action(input, request) {
        const ended = await changePassword(deps, requireUser(request).id, request.sessionSecret, input);
        const others = ended === 0 ? '' : ` ${ended === 1 ? 'Your other session has' : `Your ${ended} other sessions have`} been signed out.`;
        return { redirect: '/account#password', flash: success(`Your password is changed.${others}`) };
      },
      invalid: (request, reply, { errors, message }) => accountPage(request, reply, { section: 'password', errors, message }),
    }),
  );

  app.post('/account/email/resend', async (request, reply) => {
    const result = await resendVerification(deps, requireUser(request).id);
    return redirectWithFlash(
      reply,
      '/account',
      result === 'sent' ? success('We sent a new link. It works for 48 hours.') : success('Your email is already confirmed.'),
    );
  });

  app.get<{ Querystring: { token?: string } }>('/account/email/confirm', async (request, reply) => {
    const token = typeof request.query.token === 'string' ? request.query.token : '';
    // Showing the page changes nothing (mail scanners open links); the button confirms.
    const usable =
      ACCOUNT_TOKEN.test(token) &&
      (await db
        .selectFrom('account_tokens')
        .select('id')
        .where('token_hash', '=', accountTokenHash(token))
        .where('used_at', 'is', null)
        .where('expires_at', '>', deps.clock())
        .executeTakeFirst()) !== undefined;
    return sendPage(reply, <ConfirmEmailPage ctx={await pageContext(deps, request, reply)} token={token} usable={usable} />, usable ? 200 : 400);
  });

  app.post(
    '/account/email/confirm',
    formRoute({
      schema: TokenForm,
      async action({ token }, request) {
        const result = await confirmAccountLink(deps, token);
        const to = request.user ? '/account' : '/login';
        return { redirect: to, flash: success(result === 'verified' ? 'Thank you: your email is confirmed.' : 'Your email is changed.') };
      },
      invalid: (_request, _reply, { message, errors }) => ({
        redirect: '/account',
        flash: failure(errors['email'] ?? (message || new AccountLinkInvalidError().message)),
      }),
    }),
  );

  app.post<{ Params: { id: string } }>('/account/sessions/:id/end', async (request, reply) => {
    await endSession(deps, requireUser(request).id, request.params.id);
    return redirectWithFlash(reply, '/account#sessions', success('That device is signed out.'));
  });

  app.post('/account/sessions/end-others', async (request, reply) => {
    const ended = await endOtherSessions(deps, requireUser(request).id, request.sessionSecret);
    return redirectWithFlash(reply, '/account#sessions', success(`Signed out everywhere else (${ended}).`));
  });

  app.get('/account/export', async (request, reply) => {
    const user = requireUser(request);
    await exportExists(db, user.id);
    const now = deps.clock();
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exportFileName(now)}"`)
      .header('cache-control', 'no-store')
      .send(streamAccountExport(db, user.id, now));
  });

  app.get('/account/delete', async (request, reply) => {
    requireUser(request);
    return sendPage(reply, <DeleteAccountPage ctx={await pageContext(deps, request, reply)} />);
  });

  app.post(
    '/account/delete',
    formRoute({
      schema: DeletionBody,
      untrimmed: ['password'],
      rerender: (error) => error instanceof WrongPasswordError || error.status === 409,
      async action({ password }, request, reply) {
        await deleteOwnAccount(deps, requireUser(request).id, password);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { redirect: '/', flash: success('Your account is deleted, and your personal data erased. Thank you for visiting Alpaca Cafe.') };
      },
      invalid: async (request, reply, { errors, message }) => {
        const fields: FieldErrors = errors['currentPassword'] ? { password: errors['currentPassword'] } : errors;
        return <DeleteAccountPage ctx={await pageContext(deps, request, reply)} problem={{ section: 'delete', errors: fields, message }} />;
      },
    }),
  );
}
