// Post/Redirect/Get for every page form, in one place:
//   1. decode the body with the form's TypeBox schema (form-decode.ts);
//   2. bad input → show the form again with 400, each problem beside its field and what was typed kept;
//   3. good input → run the action; it answers with where to go (303) and a flash message.
// A ValidationError thrown by the action (say "that email is taken") is shown the same way as a
// schema problem. Errors a form lists in `rerender` (wrong password: 401) are shown on the form too,
// with their own status. Every other error goes on to the one error handler (error-handler.tsx).
import type { FastifyReply, FastifyRequest, RouteGenericInterface } from 'fastify';
import type { VNode } from 'preact';
import type { Static, TObject } from 'typebox';
import { AppError, ValidationError, type FieldErrors } from '../domain/errors.js';
import { decodeForm, type FormOptions, type TypedValues } from './form-decode.js';
import { failure as errorFlash, type Flash } from './message.js';
import { redirectWithFlash, sendPage } from './render.js';
import { declareFormSchema } from './route-catalogue.js';

/**
 * Where to send the browser after the POST, and the one-line message the next page shows
 * (a plain string is neutral news; say `success(…)` or `failure(…)` from message.tsx).
 */
export interface FormRedirect {
  redirect: string;
  flash?: string | Flash;
  /** 307: the browser posts the same form again at `redirect` (a page that previews what it is sent). Otherwise 303. */
  repost?: boolean;
}

/** Why the form is shown again, what was typed into it, and the fields that did decode. */
export interface FormFailure<T = Record<string, unknown>> extends TypedValues {
  status: number;
  errors: FieldErrors;
  message: string;
  partial: Partial<T>;
}

type AppErrorClass = abstract new (...args: never[]) => AppError;
type Shown = VNode | FormRedirect | FastifyReply;

export interface FormRoute<S extends TObject, R extends RouteGenericInterface> extends FormOptions {
  schema: S;
  /** Does the work with the decoded input. */
  action(input: Static<S>, request: FastifyRequest<R>, reply: FastifyReply): Promise<FormRedirect>;
  /**
   * The page to show again, sent with `failure.status`. A form that sits inside another page
   * (a quantity box on the basket) may answer with a redirect instead; its flash defaults to
   * the first problem. A page that answers by itself (checkout may redirect) returns the reply.
   */
  invalid(request: FastifyRequest<R>, reply: FastifyReply, failure: FormFailure<Static<S>>): Promise<Shown> | Shown;
  /** Errors besides ValidationError that mean "show the form again" rather than an error page: classes, or a test. */
  rerender?: readonly AppErrorClass[] | ((error: AppError) => boolean);
}

function shownOnForm(error: unknown, rerender: FormRoute<TObject, RouteGenericInterface>['rerender'] = []): error is AppError {
  if (error instanceof ValidationError) return true;
  if (!(error instanceof AppError)) return false;
  return typeof rerender === 'function' ? rerender(error) : rerender.some((kind) => error instanceof kind);
}

function isRedirect(value: Shown): value is FormRedirect {
  return typeof (value as FormRedirect).redirect === 'string';
}

export function redirectTo(reply: FastifyReply, to: FormRedirect): FastifyReply {
  const status = to.repost ? 307 : 303;
  return to.flash === undefined ? reply.redirect(to.redirect, status) : redirectWithFlash(reply, to.redirect, to.flash, status);
}

/** A route handler for a form: decode, then show again with the problems or act and redirect. */
export function formRoute<S extends TObject, R extends RouteGenericInterface = RouteGenericInterface>(form: FormRoute<S, R>) {
  const handler = async (request: FastifyRequest<R>, reply: FastifyReply): Promise<FastifyReply> => {
    const decoded = decodeForm(form.schema, request.body, form);
    const { values, lists } = decoded;
    let failure: FormFailure<Static<S>>;
    if (decoded.ok) {
      try {
        return redirectTo(reply, await form.action(decoded.value, request, reply));
      } catch (error) {
        if (!shownOnForm(error, form.rerender)) throw error;
        failure = { status: error.status, errors: error.fields ?? {}, message: error.message, values, lists, partial: decoded.value };
      }
    } else {
      failure = { status: 400, errors: decoded.errors, message: new ValidationError({}).message, values, lists, partial: decoded.partial };
    }
    const shown = await form.invalid(request, reply, failure);
    if ((shown as unknown) === reply) return reply;
    if (!isRedirect(shown)) return sendPage(reply, shown as VNode, failure.status);
    // The form was refused: a plain message is an error (a page may give a warning instead).
    const flash = typeof shown.flash === 'object' ? shown.flash : errorFlash(shown.flash ?? Object.values(failure.errors)[0] ?? failure.message);
    return redirectTo(reply, { redirect: shown.redirect, flash });
  };
  return declareFormSchema(handler, form.schema);
}
