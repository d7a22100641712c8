// The "Forgotten your password?" pages.
import type { FieldErrors } from '../../domain/errors.js';
import { ErrorSummary, TextField } from '../../web/forms.js';
import { Csrf, Layout, type PageContext } from '../../web/layout.js';

export function RequestResetPage({ ctx, email, errors, message }: { ctx: PageContext; email?: string; errors?: FieldErrors; message?: string }) {
  return (
    <Layout ctx={ctx} title="Forgotten your password?">
      <section class="panel panel--narrow">
        <h1>Forgotten your password?</h1>
        <p>Enter the email address of your account and we'll send you a link to choose a new password.</p>
        <ErrorSummary errors={errors} message={message} />
        <form method="post" action="/password-reset" class="stack" novalidate>
          <Csrf ctx={ctx} />
          <TextField name="email" label="Email" type="email" value={email} errors={errors} autocomplete="email" />
          <button class="button button--primary" type="submit">
            Send me a link
          </button>
        </form>
        <p>
          <a href="/login">Back to log in</a>
        </p>
      </section>
    </Layout>
  );
}

export function ResetSentPage({ ctx, ttlText }: { ctx: PageContext; ttlText: string }) {
  return (
    <Layout ctx={ctx} title="Check your email">
      <section class="panel panel--narrow">
        <h1>Check your email</h1>
        <p>If there is an account for that address, we've sent it a link to choose a new password. The link works once, for {ttlText}.</p>
        <p class="muted">
          Nothing arrived after a few minutes? Check your spam folder, or <a href="/password-reset">ask again</a>.
        </p>
      </section>
    </Layout>
  );
}

export function ChoosePasswordPage({ ctx, token, errors }: { ctx: PageContext; token: string; errors?: FieldErrors }) {
  return (
    <Layout ctx={ctx} title="Choose a new password">
      <section class="panel panel--narrow">
        <h1>Choose a new password</h1>
        <ErrorSummary errors={errors} />
        <form method="post" action="/password-reset/confirm" class="stack" novalidate>
          <Csrf ctx={ctx} />
          <input type="hidden" name="token" value={token} />
          <TextField
            name="password"
            label="New password"
            type="password"
            errors={errors}
            autocomplete="new-password"
            hint="At least 10 characters."
            minLength={10}
          />
          <TextField name="confirmPassword" label="New password again" type="password" errors={errors} autocomplete="new-password" minLength={10} />
          <button class="button button--primary" type="submit">
            Set new password
          </button>
        </form>
        <p class="muted">Setting a new password logs you out everywhere.</p>
      </section>
    </Layout>
  );
}

export function ResetLinkInvalidPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Link expired">
      <section class="panel panel--narrow">
        <h1>This link has expired</h1>
        <p>Reset links work once, for a limited time. This one has been used or has run out.</p>
        <p>
          <a class="button button--primary" href="/password-reset">
            Ask for a new link
          </a>
        </p>
      </section>
    </Layout>
  );
}
