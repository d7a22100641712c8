// /password-reset: ask for a link (always the same answer), then choose a new
// password with it. Post/Redirect/Get throughout.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { RateLimitedError, ValidationError } from '../../domain/errors.js';
import { formString } from '../../web/forms.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../web/render.js';
import { SESSION_COOKIE } from '../../web/session.js';
import { requestPasswordReset, resetLinkUsable, resetPassword, ResetLinkInvalidError } from './service.js';
import { ChoosePasswordPage, RequestResetPage, ResetLinkInvalidPage, ResetSentPage } from './views.js';

function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

export async function passwordResetPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.get('/password-reset', async (request, reply) => {
    return sendPage(reply, <RequestResetPage ctx={await pageContext(deps, request, reply)} />);
  });

  app.post('/password-reset', async (request, reply) => {
    const email = formString(request.body, 'email');
    try {
      await requestPasswordReset(deps, { email, ip: request.ip });
    } catch (error) {
      const ctx = await pageContext(deps, request, reply);
      if (error instanceof ValidationError) {
        return sendPage(reply, <RequestResetPage ctx={ctx} email={email} errors={error.fields} />, 400);
      }
      if (error instanceof RateLimitedError) {
        return sendPage(reply, <RequestResetPage ctx={ctx} email={email} message={error.message} />, 429);
      }
      throw error;
    }
    return reply.redirect('/password-reset/sent', 303);
  });

  app.get('/password-reset/sent', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply);
    return sendPage(reply, <ResetSentPage ctx={ctx} ttlText={durationText(deps.config.passwordResetTtlMs)} />);
  });

  app.get<{ Querystring: { token?: string } }>('/password-reset/confirm', async (request, reply) => {
    const token = typeof request.query.token === 'string' ? request.query.token : '';
    const ctx = await pageContext(deps, request, reply);
    if (!(await resetLinkUsable(deps, token))) return sendPage(reply, <ResetLinkInvalidPage ctx={ctx} />, 400);
    return sendPage(reply, <ChoosePasswordPage ctx={ctx} token={token} />);
  });

  app.post('/password-reset/confirm', async (request, reply) => {
    const token = formString(request.body, 'token');
    try {
      await resetPassword(deps, {
        token, password: formString(request.body, 'password'), confirmPassword: formString(request.body, 'confirmPassword'),
      });
    } catch (error) {
      const ctx = await pageContext(deps, request, reply);
      if (error instanceof ResetLinkInvalidError) return sendPage(reply, <ResetLinkInvalidPage ctx={ctx} />, 400);
      if (error instanceof ValidationError) return sendPage(reply, <ChoosePasswordPage ctx={ctx} token={token} errors={error.fields} />, 400);
      throw error;
    }
    // Every session of the account has ended, this browser's included.
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return redirectWithFlash(reply, '/login', 'Your password has been changed. Log in with your new password.');
  });
}
