// Log in, register and account pages.
import type { FieldErrors } from '../../domain/errors.js';
import { Csrf, Layout, type PageContext } from '../../web/layout.js';
import { ErrorSummary, TextField } from '../../web/forms.js';
import type { ComponentChildren } from 'preact';

export function LoginPage({ ctx, returnTo, email, error }: { ctx: PageContext; returnTo: string; email?: string; error?: string }) {
  return (
    <Layout ctx={ctx} title="Log in">
      <section class="panel panel--narrow">
        <h1>Log in</h1>
        <ErrorSummary message={error} />
        <form method="post" action="/login" class="stack">
          <Csrf ctx={ctx} />
          <input type="hidden" name="returnTo" value={returnTo} />
          <TextField name="email" label="Email" type="email" value={email} autocomplete="email" />
          <TextField name="password" label="Password" type="password" autocomplete="current-password" />
          <button class="button button--primary" type="submit">
            Log in
          </button>
        </form>
        <p>
          New here? <a href={`/register?returnTo=${encodeURIComponent(returnTo)}`}>Create an account</a>
        </p>
        <p>
          <a href="/password-reset">Forgotten your password?</a>
        </p>
      </section>
    </Layout>
  );
}

interface RegisterValues {
  firstName?: string;
  lastName?: string;
  email?: string;
}

export function RegisterPage({ ctx, returnTo, values = {}, errors }: { ctx: PageContext; returnTo: string; values?: RegisterValues; errors?: FieldErrors }) {
  return (
    <Layout ctx={ctx} title="Create an account">
      <section class="panel panel--narrow">
        <h1>Create an account</h1>
        <ErrorSummary errors={errors} />
        <form method="post" action="/register" class="stack" novalidate>
          <Csrf ctx={ctx} />
          <input type="hidden" name="returnTo" value={returnTo} />
          <TextField name="firstName" label="First name" value={values.firstName} errors={errors} autocomplete="given-name" maxLength={60} />
          <TextField name="lastName" label="Last name" value={values.lastName} errors={errors} autocomplete="family-name" maxLength={60} />
          <TextField name="email" label="Email" type="email" value={values.email} errors={errors} autocomplete="email" />
          <TextField
            name="password"
            label="Password"
            type="password"
            errors={errors}
            autocomplete="new-password"
            hint="At least 10 characters."
            minLength={10}
          />
          <button class="button button--primary" type="submit">
            Create account
          </button>
        </form>
        <p>
          Already have an account? <a href={`/login?returnTo=${encodeURIComponent(returnTo)}`}>Log in</a>
        </p>
      </section>
    </Layout>
  );
}

export function AccountPage({ ctx, orders, sections }: { ctx: PageContext; orders: ComponentChildren; sections?: ComponentChildren }) {
  const user = ctx.user!;
  return (
    <Layout ctx={ctx} title="Your account">
      <section class="panel">
        <h1>Hello, {user.firstName}</h1>
        <dl class="details">
          <dt>Name</dt>
          <dd>
            {user.firstName} {user.lastName}
          </dd>
          <dt>Email</dt>
          <dd>{user.email}</dd>
        </dl>
        <form method="post" action="/logout">
          <Csrf ctx={ctx} />
          <button class="button" type="submit">
            Log out
          </button>
        </form>
      </section>
      <section class="panel" aria-labelledby="history-heading">
        <h2 id="history-heading">Your orders</h2>
        <p>
          <a href="/favourites">
            <span aria-hidden="true">★ </span>Your favourites
          </a>
        </p>
        {orders}
      </section>
      {sections}
    </Layout>
  );
}
