// Log in, register and log out (Post/Redirect/Get throughout); the account page is self-service-pages.tsx.
import { logIn, throttleRegistration } from './login-throttle.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import Type from 'typebox';
import { formRoute } from '../../web/form-route.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, safeReturnTo, sendPage } from '../../web/render.js';
import { logAs, renewVisitor, SESSION_COOKIE, startWebSession } from '../../web/session.js';
import { mergeVisitorBasket } from '../basket/index.js';
import { ReturnTo } from '../../web/schemas.js';
import { LoginBody, RegisterBody } from './schemas.js';
import { InvalidCredentialsError, register } from './service.js';
import { createSession, deleteSession, loadGrants } from '../../web/session-store.js';
import { LoginPage, RegisterPage } from './views.js';
import { hasSecondFactor, InvalidCodeError, verifySecondFactor } from './two-factor.js';
import { endPendingLogin, holdPendingLogin, pendingLogin } from './pending-login.js';
import { LoginCodePage } from './two-factor-views.js';
import { RateLimitedError } from '../../domain/errors.js';
import { failure, success } from '../../web/message.js';

type Query = { returnTo?: string };

// The API's bodies, plus where to go next.
const LoginForm = Type.Object({ ...LoginBody.properties, returnTo: ReturnTo });
const RegisterForm = Type.Object({ ...RegisterBody.properties, returnTo: ReturnTo });
const LoginCodeForm = Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }), returnTo: ReturnTo });

export async function accountPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;

  // A fresh session id at every login: a session fixed before login is worthless after it.
  async function signIn(request: FastifyRequest, reply: FastifyReply, userId: number) {
    if (request.sessionSecret) await deleteSession(db, request.sessionSecret);
    const secret = await createSession(db, userId, 'web', deps.config.sessionTtlMs, deps.clock(), request.headers['user-agent']);
    startWebSession(deps, reply, secret);
    logAs(request, reply, userId);
    await mergeVisitorBasket(db, request.visitorId, userId);
    // Only now, with the guest basket adopted: a new visitor id, so a new CSRF token.
    renewVisitor(deps, request, reply);
  }

  async function finishLogin(request: FastifyRequest, reply: FastifyReply, user: { id: number; firstName: string }, returnTo: string | undefined) {
    await signIn(request, reply, user.id);
    // Staff who came to sign in (not sent here by a page) land in the staff app, on their store's queue.
    const target = safeReturnTo(returnTo, '/');
    const staff = target === '/' && (await loadGrants(db, user.id)).length > 0;
    return { redirect: staff ? '/staff' : target, flash: success(`Welcome back, ${user.firstName}.`) };
  }

  app.get<{ Querystring: Query }>('/login/code', async (request, reply) => {
    const returnTo = safeReturnTo(request.query.returnTo, '/');
    if (pendingLogin(deps, request) === null) return reply.redirect('/login', 303); // no password typed (or too long ago)
    return sendPage(reply, <LoginCodePage ctx={await pageContext(deps, request, reply)} returnTo={returnTo} />);
  });

  app.post(
    '/login/code',
    formRoute({
      schema: LoginCodeForm,
      rerender: [InvalidCodeError, RateLimitedError],
      async action({ code, returnTo }, request, reply) {
        const userId = pendingLogin(deps, request);
        if (userId === null) return { redirect: '/login', flash: failure('That took too long. Please log in again.') };
        const user = await db
          .selectFrom('users')
          .select(['id', 'email', 'first_name'])
          .where('id', '=', userId)
          .where('disabled_at', 'is', null)
          .executeTakeFirst();
        if (!user) return { redirect: '/login', flash: failure('Please log in again.') };
        await verifySecondFactor(deps, user, code, request.ip);
        endPendingLogin(reply);
        return finishLogin(request, reply, { id: user.id, firstName: user.first_name }, returnTo);
      },
      async invalid(request, reply, { values, errors, message }) {
        const ctx = await pageContext(deps, request, reply);
        return <LoginCodePage ctx={ctx} returnTo={safeReturnTo(values['returnTo'], '/')} errors={errors} message={message} />;
      },
    }),
  );

  app.get<{ Querystring: Query }>('/login', async (request, reply) => {
    const returnTo = safeReturnTo(request.query.returnTo, '/');
    if (request.user) return reply.redirect(returnTo, 303);
    return sendPage(reply, <LoginPage ctx={await pageContext(deps, request, reply)} returnTo={returnTo} />);
  });

  app.post(
    '/login',
    formRoute({
      schema: LoginForm,
      untrimmed: ['password'],
      rerender: [InvalidCredentialsError],
      async action({ email, password, returnTo }, request, reply) {
        const user = await logIn(deps, { email, password, ip: request.ip });
        // Two-step sign-in: no session yet, only the account held until its code is typed.
        if (await hasSecondFactor(db, user.id)) {
          holdPendingLogin(deps, request, reply, user.id);
          return { redirect: `/login/code?returnTo=${encodeURIComponent(safeReturnTo(returnTo, '/'))}` };
        }
        return finishLogin(request, reply, user, returnTo);
      },
      async invalid(request, reply, { values, message }) {
        const ctx = await pageContext(deps, request, reply);
        return <LoginPage ctx={ctx} returnTo={safeReturnTo(values['returnTo'], '/')} email={values['email']} error={message} />;
      },
    }),
  );

  app.get<{ Querystring: Query }>('/register', async (request, reply) => {
    const returnTo = safeReturnTo(request.query.returnTo, '/');
    return sendPage(reply, <RegisterPage ctx={await pageContext(deps, request, reply)} returnTo={returnTo} />);
  });

  app.post(
    '/register',
    formRoute({
      schema: RegisterForm,
      untrimmed: ['password'],
      async action({ returnTo, ...input }, request, reply) {
        await throttleRegistration(deps, request.ip);
        const user = await register(deps, input);
        await signIn(request, reply, user.id);
        return { redirect: safeReturnTo(returnTo, '/'), flash: success(`Welcome to Alpaca Cafe, ${user.firstName}.`) };
      },
      async invalid(request, reply, { values, errors }) {
        const ctx = await pageContext(deps, request, reply);
        return <RegisterPage ctx={ctx} returnTo={safeReturnTo(values['returnTo'], '/')} values={values} errors={errors} />;
      },
    }),
  );

  app.post('/logout', async (request, reply) => {
    if (request.sessionSecret) await deleteSession(db, request.sessionSecret);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    renewVisitor(deps, request, reply);
    return redirectWithFlash(reply, '/', success('You have logged out.'));
  });
}
