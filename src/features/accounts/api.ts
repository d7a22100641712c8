// JSON API: create an account; log in for a bearer token; log out.
import { logIn, throttleRegistration } from './login-throttle.js';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { errors, UserJson } from '../../web/schemas.js';
import { requireUser } from '../../web/session.js';
import { LoginBody, RegisterBody } from './schemas.js';
import { register } from './service.js';
import { hasSecondFactor, verifySecondFactor } from './two-factor.js';
import { AppError } from '../../domain/errors.js';

/** The API login's body: the page form's fields, and the second factor's code for accounts that have one. */
const ApiLoginBody = Type.Object(
  {
    ...LoginBody.properties,
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'A TOTP or recovery code: required once two-step sign-in is on' })),
  },
  { additionalProperties: false },
);

class SecondFactorRequiredError extends AppError {
  constructor() {
    super(401, 'second_factor_required', 'This account uses two-step sign-in: send the code from the authenticator app as `code`.', { code: 'Required.' });
  }
}
import { createSession, deleteSession, loadGrants } from '../../web/session-store.js';
import type { Grant } from '../../web/current-user.js';

export function userJson(user: { id: number; email: string; firstName: string; lastName: string }, grants: Grant[]) {
  return { ...user, roles: grants.map((g) => ({ role: g.role, store: g.storeSlug })) };
}

export async function accountApi(root: FastifyInstance, { deps }: { deps: AppDeps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const db = deps.db.writer;

  app.post(
    '/api/v1/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Register a customer account',
        body: RegisterBody,
        response: { 201: Type.Object({ user: UserJson }), ...errors(400, 429) },
      },
    },
    async (request, reply) => {
      await throttleRegistration(deps, request.ip);
      const user = await register(deps, request.body);
      return reply.code(201).send({ user: userJson(user, []) });
    },
  );

  app.post(
    '/api/v1/sessions',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Log in and receive a bearer token',
        body: ApiLoginBody,
        response: { 201: Type.Object({ token: Type.String(), user: UserJson }), ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const user = await logIn(deps, { email: request.body.email, password: request.body.password, ip: request.ip });
      // Two-step sign-in: the code comes with the password (decision 512).
      if (await hasSecondFactor(db, user.id)) {
        if (request.body.code === undefined) throw new SecondFactorRequiredError();
        await verifySecondFactor(deps, user, request.body.code, request.ip);
      }
      const token = await createSession(db, user.id, 'api', deps.config.sessionTtlMs, deps.clock(), request.headers['user-agent']);
      return reply.code(201).send({ token, user: userJson(user, await loadGrants(db, user.id)) });
    },
  );

  app.delete(
    '/api/v1/sessions/current',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Log out (revoke this token or session)',
        security: [{ bearer: [] }],
        response: { 204: Type.Null(), ...errors(401) },
      },
    },
    async (request, reply) => {
      requireUser(request);
      await deleteSession(db, request.sessionSecret!);
      return reply.code(204).send(null);
    },
  );
}
