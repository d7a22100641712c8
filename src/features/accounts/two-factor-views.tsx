// Two-step sign-in pages: the code asked for at login, and setting it up from the account page.
import type { FieldErrors } from '../../domain/errors.js';
import { ErrorSummary, TextField } from '../../web/forms.js';
import { Csrf, Layout, type PageContext } from '../../web/layout.js';
import { Message } from '../../web/message.js';
import type { SecondFactorState } from './two-factor.js';

const CODE_HINT = 'The 6 digits your authenticator app shows now, or one of your recovery codes.';

export function LoginCodePage({ ctx, returnTo, errors, message }: { ctx: PageContext; returnTo: string; errors?: FieldErrors; message?: string }) {
  return (
    <Layout ctx={ctx} title="Your sign-in code">
      <section class="panel panel--narrow">
        <h1>Your sign-in code</h1>
        <ErrorSummary errors={errors} message={message} />
        <form method="post" action="/login/code" class="stack" novalidate>
          <Csrf ctx={ctx} />
          <input type="hidden" name="returnTo" value={returnTo} />
          <TextField name="code" label="Code" errors={errors} autocomplete="one-time-code" inputMode="numeric" hint={CODE_HINT} maxLength={20} />
          <button class="button button--primary" type="submit">
            Log in
          </button>
        </form>
        <p>
          <a href="/login">Start again</a>
        </p>
      </section>
    </Layout>
  );
}

/** The account page's short section: on or off, and the way to the page that changes it. */
export function TwoFactorSection({ enabled, required }: { enabled: boolean; required: boolean }) {
  return (
    <section class="panel" aria-labelledby="two-factor-heading" id="two-factor">
      <h2 id="two-factor-heading">Two-step sign-in</h2>
      <p>
        {enabled ? 'On: signing in takes your password and a code from your authenticator app.' : 'Off: signing in takes only your password.'}
        {required && !enabled ? ' Admins must turn it on before using the admin pages.' : ''}
      </p>
      <p>
        <a class="button" href="/account/two-factor">
          {enabled ? 'Manage two-step sign-in' : 'Set up two-step sign-in'}
        </a>
      </p>
    </section>
  );
}

export function TwoFactorPage({
  ctx,
  state,
  required,
  returnTo,
  errors,
  message,
}: {
  ctx: PageContext;
  state: SecondFactorState;
  required: boolean;
  returnTo: string;
  errors?: FieldErrors;
  message?: string;
}) {
  return (
    <Layout ctx={ctx} title="Two-step sign-in">
      <section class="panel panel--narrow" id="two-factor">
        <h1>Two-step sign-in</h1>
        <ErrorSummary errors={errors} message={message} />
        {required && !state.enabled && (
          <Message kind="warning">
            <p>Admins sign in with a code as well as a password. Set it up here to use the admin pages.</p>
          </Message>
        )}
        {state.enabled ? (
          <>
            <p>On. You have {state.recoveryCodesLeft} unused recovery codes.</p>
            {required ? (
              <p>Admins must keep two-step sign-in on.</p>
            ) : (
              <form method="post" action="/account/two-factor/disable" class="stack" novalidate>
                <Csrf ctx={ctx} />
                <TextField name="code" label="Code" errors={errors} autocomplete="one-time-code" hint={CODE_HINT} maxLength={20} />
                <button class="button button--danger" type="submit">
                  Turn off two-step sign-in
                </button>
              </form>
            )}
          </>
        ) : state.pending ? (
          <>
            <p>Add this account to your authenticator app (any app for TOTP codes), by its setup link or by typing the key:</p>
            <p>
              Setup link: <code data-otpauth-uri>{state.pending.uri}</code>
            </p>
            <p>
              Key: <code data-totp-secret>{state.pending.secret}</code>
            </p>
            <form method="post" action="/account/two-factor/confirm" class="stack" novalidate>
              <Csrf ctx={ctx} />
              <input type="hidden" name="returnTo" value={returnTo} />
              <TextField
                name="code"
                label="Code from the app"
                errors={errors}
                autocomplete="one-time-code"
                inputMode="numeric"
                hint="The 6 digits the app shows for Alpaca Cafe."
                maxLength={20}
              />
              <button class="button button--primary" type="submit">
                Turn on
              </button>
            </form>
          </>
        ) : (
          <>
            <p>Off. With it on, signing in takes your password and a 6-digit code from an authenticator app on your phone.</p>
            <form method="post" action="/account/two-factor/setup" class="stack">
              <Csrf ctx={ctx} />
              <input type="hidden" name="returnTo" value={returnTo} />
              <button class="button button--primary" type="submit">
                Set up two-step sign-in
              </button>
            </form>
          </>
        )}
        <p>
          <a href="/account">Back to your account</a>
        </p>
      </section>
    </Layout>
  );
}

export function RecoveryCodesPage({ ctx, codes, returnTo }: { ctx: PageContext; codes: string[]; returnTo: string }) {
  return (
    <Layout ctx={ctx} title="Your recovery codes">
      <section class="panel panel--narrow">
        <h1>Two-step sign-in is on</h1>
        <p>Keep these recovery codes somewhere safe. Each one signs you in once if you lose your phone. They are shown only now.</p>
        <ul class="recovery-codes" data-recovery-codes>
          {codes.map((code) => (
            <li>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <p>Every other device you were signed in on has been signed out.</p>
        <p>
          <a class="button button--primary" href={returnTo}>
            Continue
          </a>
        </p>
      </section>
    </Layout>
  );
}
