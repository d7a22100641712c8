// Setting up two-step sign-in from the account page (issue 15 item 5, decision 512): start (a new
// secret, shown with its otpauth URI), confirm with a code (the recovery codes shown once), or turn
// it off with a code (not for admins, who must keep it).
import { declareFormSchema } from '../../web/route-catalogue.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { AppError, type FieldErrors } from '../../domain/errors.js';
import { decodeForm } from '../../web/form-decode.js';
import { formRoute } from '../../web/form-route.js';
import { success } from '../../web/message.js';
import { pageContext } from '../../web/page-context.js';
import { safeReturnTo, sendPage } from '../../web/render.js';
import { ReturnTo } from '../../web/schemas.js';
import { requireUser } from '../../web/session.js';
import { confirmEnrolment, disableSecondFactor, InvalidCodeError, mustHaveSecondFactor, secondFactorState, startEnrolment } from './two-factor.js';
import { RecoveryCodesPage, TwoFactorPage } from './two-factor-views.js';

const CodeForm = Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }), returnTo: ReturnTo });
const StartForm = Type.Object({ returnTo: ReturnTo });
type Query = { returnTo?: string };

export async function twoFactorPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  async function page(request: FastifyRequest, reply: FastifyReply, returnTo: unknown, problem?: { errors?: FieldErrors; message?: string }) {
    const user = requireUser(request);
    const ctx = await pageContext(deps, request, reply);
    const state = await secondFactorState(deps.db.writer, user);
    return (
      <TwoFactorPage
        ctx={ctx}
        state={state}
        required={mustHaveSecondFactor(deps, user)}
        returnTo={safeReturnTo(returnTo, '/account')}
        {...(problem?.errors ? { errors: problem.errors } : {})}
        {...(problem?.message ? { message: problem.message } : {})}
      />
    );
  }

  app.get<{ Querystring: Query }>('/account/two-factor', async (request, reply) => sendPage(reply, await page(request, reply, request.query.returnTo)));

  app.post(
    '/account/two-factor/setup',
    formRoute({
      schema: StartForm,
      async action({ returnTo }, request) {
        await startEnrolment(deps, requireUser(request));
        return { redirect: `/account/two-factor?returnTo=${encodeURIComponent(safeReturnTo(returnTo, '/account'))}` };
      },
      invalid: (request, reply, { values }) => page(request, reply, values['returnTo']),
    }),
  );

  // Not a formRoute: a right code answers with the recovery codes themselves (shown once), not a redirect.
  app.post(
    '/account/two-factor/confirm',
    declareFormSchema(async (request, reply) => {
      const user = requireUser(request);
      const decoded = decodeForm(CodeForm, request.body);
      const returnTo = safeReturnTo(decoded.values['returnTo'], '/account');
      if (!decoded.ok) return sendPage(reply, await page(request, reply, returnTo, { errors: decoded.errors, message: 'Type the code from the app.' }), 400);
      try {
        const codes = await confirmEnrolment(deps, user, decoded.value.code, request.ip, request.sessionSecret);
        return sendPage(reply, <RecoveryCodesPage ctx={await pageContext(deps, request, reply)} codes={codes} returnTo={returnTo} />);
      } catch (error) {
        if (!(error instanceof AppError) || (error.status !== 401 && error.status !== 429)) throw error;
        return sendPage(reply, await page(request, reply, returnTo, { errors: error.fields ?? {}, message: error.message }), error.status);
      }
    }, CodeForm),
  );

  app.post(
    '/account/two-factor/disable',
    formRoute({
      schema: CodeForm,
      rerender: (error) => error instanceof InvalidCodeError || error.status === 429 || error.status === 403,
      async action({ code }, request) {
        await disableSecondFactor(deps, requireUser(request), code, request.ip);
        return { redirect: '/account#two-factor', flash: success('Two-step sign-in is off.') };
      },
      invalid: (request, reply, { values, errors, message }) => page(request, reply, values['returnTo'], { errors, message }),
    }),
  );
}
