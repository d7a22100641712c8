// Log in, register, log out and the account page (Post/Redirect/Get throughout).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ValidationError } from '../../domain/errors.js';
import { formString } from '../../web/forms.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, safeReturnTo, sendPage } from '../../web/render.js';
import { requireUser, SESSION_COOKIE, startWebSession } from '../../web/session.js';
import { mergeVisitorBasket } from '../basket/service.js';
import { authenticate, InvalidCredentialsError, register } from './service.js';
import { createSession, deleteSession } from './sessions.js';
import { AccountPage, LoginPage, RegisterPage } from './views.js';
import { AccountOrders, loadAccountOrders } from './account-orders.js';

type Query = { returnTo?: string };

export async function accountPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;

  // A fresh session id at every login: a session fixed before login is worthless after it.
  async function signIn(request: FastifyRequest, reply: FastifyReply, userId: number) {
    if (request.sessionSecret) await deleteSession(db, request.sessionSecret);
    const secret = await createSession(db, userId, 'web', deps.config.sessionTtlMs, deps.clock());
    startWebSession(deps, reply, secret);
    await mergeVisitorBasket(db, request.visitorId, userId);
  }

  app.get<{ Querystring: Query }>('/login', async (request, reply) => {
    const returnTo = safeReturnTo(request.query.returnTo, '/');
    if (request.user) return reply.redirect(returnTo, 303);
    return sendPage(reply, <LoginPage ctx={await pageContext(deps, request, reply)} returnTo={returnTo} />);
  });

  app.post('/login', async (request, reply) => {
    const email = formString(request.body, 'email');
    const returnTo = safeReturnTo(formString(request.body, 'returnTo'), '/');
    try {
      const user = await authenticate(db, email, formString(request.body, 'password'));
      await signIn(request, reply, user.id);
      return redirectWithFlash(reply, returnTo, `Welcome back, ${user.firstName}.`);
    } catch (error) {
      if (!(error instanceof InvalidCredentialsError)) throw error;
      const ctx = await pageContext(deps, request, reply);
      return sendPage(reply, <LoginPage ctx={ctx} returnTo={returnTo} email={email} error={error.message} />, 401);
    }
  });

  app.get<{ Querystring: Query }>('/register', async (request, reply) => {
    const returnTo = safeReturnTo(request.query.returnTo, '/');
    return sendPage(reply, <RegisterPage ctx={await pageContext(deps, request, reply)} returnTo={returnTo} />);
  });

  app.post('/register', async (request, reply) => {
    const values = {
      firstName: formString(request.body, 'firstName'),
      lastName: formString(request.body, 'lastName'),
      email: formString(request.body, 'email'),
    };
    const returnTo = safeReturnTo(formString(request.body, 'returnTo'), '/');
    try {
      const user = await register(db, { ...values, password: formString(request.body, 'password') });
      await signIn(request, reply, user.id);
      return redirectWithFlash(reply, returnTo, `Welcome to Alpaca Cafe, ${user.firstName}.`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const ctx = await pageContext(deps, request, reply);
      return sendPage(reply, <RegisterPage ctx={ctx} returnTo={returnTo} values={values} errors={error.fields} />, 400);
    }
  });

  app.post('/logout', async (request, reply) => {
    if (request.sessionSecret) await deleteSession(db, request.sessionSecret);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return redirectWithFlash(reply, '/', 'You have logged out.');
  });

  app.get('/account', async (request, reply) => {
    const user = requireUser(request);
    const ctx = await pageContext(deps, request, reply);
    const orders = await loadAccountOrders(deps, user.id);
    return sendPage(reply, <AccountPage ctx={ctx} orders={<AccountOrders orders={orders} ctx={ctx} />} />);
  });
}
