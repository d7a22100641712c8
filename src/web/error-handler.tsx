// Every error becomes one shape: JSON `{error:{code,message,fields}}` for the
// API, an error page for browsers. 5xx bodies never carry internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, RateLimitedError, type FieldErrors } from '../domain/errors.js';
import { isTransientDbError } from '../db/retry.js';
import { Layout, type PageContext } from './layout.js';
import { sendPage } from './render.js';

interface ErrorBody {
  status: number;
  code: string;
  message: string;
  fields?: FieldErrors;
  /** Sent as the Retry-After header, never in the body. */
  retryAfterSeconds?: number;
}

function validationFields(error: FastifyError): FieldErrors {
  const fields: FieldErrors = {};
  for (const item of error.validation ?? []) {
    const params = item.params as { missingProperty?: string; additionalProperty?: string } | undefined;
    let path = item.instancePath.replace(/^\//, '').replace(/\//g, '.');
    if (params?.missingProperty) path = path ? `${path}.${params.missingProperty}` : params.missingProperty;
    if (params?.additionalProperty) path = path ? `${path}.${params.additionalProperty}` : params.additionalProperty;
    const field = path || error.validationContext || 'body';
    fields[field] ??= params?.additionalProperty ? 'is not a known field' : (item.message ?? 'is invalid');
  }
  return fields;
}

export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof RateLimitedError) {
    return { status: 429, code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds };
  }
  if (error instanceof AppError) {
    return { status: error.status, code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError?.validation) {
    return { status: 400, code: 'invalid', message: 'The request is not valid.', fields: validationFields(fastifyError) };
  }
  if (isTransientDbError(error)) {
    return { status: 503, code: 'unavailable', message: 'We are briefly unavailable. Please try again in a moment.' };
  }
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: fastifyError.code?.toLowerCase() ?? 'bad_request', message: fastifyError.message };
  }
  return { status: 500, code: 'internal', message: 'Something went wrong on our side. Please try again.' };
}

export function isApiRequest(request: FastifyRequest): boolean {
  return (
    request.url.startsWith('/api/') ||
    request.url.startsWith('/webhooks/') ||
    ((request.headers.accept?.includes('application/json') ?? false) && !request.headers.accept?.includes('text/html'))
  );
}

function minimalContext(request: FastifyRequest): PageContext {
  return { user: request.user ?? null, csrfToken: request.csrfToken ?? '', flash: null, store: null, basketCount: 0, path: request.url };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, body: ErrorBody): FastifyReply {
  if (body.status === 503) reply.header('retry-after', '2');
  if (body.retryAfterSeconds !== undefined) reply.header('retry-after', String(body.retryAfterSeconds));
  if (isApiRequest(request)) {
    const { status, retryAfterSeconds: _, ...error } = body;
    return reply.code(status).send({ error });
  }
  if (body.status === 401) {
    return reply.redirect(`/login?returnTo=${encodeURIComponent(request.url)}`, 303);
  }
  const title = body.status === 404 ? 'Not found' : body.status >= 500 ? 'Something went wrong' : 'That did not work';
  return sendPage(
    reply,
    <Layout ctx={minimalContext(request)} title={title}>
      <section class="panel error-page">
        <h1>{title}</h1>
        <p>{body.message}</p>
        {body.fields && Object.keys(body.fields).length > 0 && (
          <ul class="field-problems">
            {Object.entries(body.fields).map(([field, problem]) => (
              <li key={field}>
                <code>{field}</code>: {problem}
              </li>
            ))}
          </ul>
        )}
        <p>
          <a class="button" href="/">
            Back to the cafe
          </a>
        </p>
      </section>
    </Layout>,
    body.status,
  );
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const body = toErrorBody(error);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendError(request, reply, body);
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, { status: 404, code: 'not_found', message: 'We could not find that page.' }));
}
