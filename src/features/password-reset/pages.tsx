// /password-reset: ask for a link (always the same answer), then choose a new
// password with it. Post/Redirect/Get throughout.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import Type from 'typebox';
import { RateLimitedError } from '../../domain/errors.js';
import { formRoute } from '../../web/form-route.js';
import { pageContext } from '../../web/page-context.js';
import { sendPage } from '../../web/render.js';
import { SESSION_COOKIE } from '../../web/session.js';
import { requestPasswordReset, resetLinkUsable, resetPassword } from './service.js';
import { ChoosePasswordPage, RequestResetPage, ResetLinkInvalidPage, ResetSentPage } from './views.js';
import { success } from '../../web/message.js';

const RequestResetForm = Type.Object({ email: Type.String({ maxLength: 300 }) });
const ChoosePasswordForm = Type.Object({
  token: Type.String({ maxLength: 100 }),
  password: Type.String({ maxLength: 1000 }),
  confirmPassword: Type.String({ maxLength: 1000 }),
});

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

  app.post(
    '/password-reset',
    formRoute({
      schema: RequestResetForm,
      rerender: [RateLimitedError],
      async action({ email }, request) {
        await requestPasswordReset(deps, { email, ip: request.ip });
        return { redirect: '/password-reset/sent' };
      },
      async invalid(request, reply, { values, errors, status, message }) {
        const ctx = await pageContext(deps, request, reply);
        return <RequestResetPage ctx={ctx} email={values['email']} errors={errors} message={status === 429 ? message : undefined} />;
      },
    }),
  );

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

  app.post(
    '/password-reset/confirm',
    formRoute({
      schema: ChoosePasswordForm,
      untrimmed: ['password', 'confirmPassword'],
      async action(input, _request, reply) {
        await resetPassword(deps, input);
        // Every session of the account has ended, this browser's included.
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { redirect: '/login', flash: success('Your password has been changed. Log in with your new password.') };
      },
      async invalid(request, reply, { values, errors }) {
        const ctx = await pageContext(deps, request, reply);
        // A used or expired link (or none at all) is not a field to fix: ask for a new link.
        if (errors['token']) return <ResetLinkInvalidPage ctx={ctx} />;
        return <ChoosePasswordPage ctx={ctx} token={values['token'] ?? ''} errors={errors} />;
      },
    }),
  );
}
