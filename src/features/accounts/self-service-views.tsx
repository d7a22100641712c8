// The account page's own sections (issue 14): details, notifications, password, sessions, your data,
// leaving — each a plain form (Post/Redirect/Get, CSRF), working without JavaScript.
import type { FieldErrors } from '../../domain/errors.js';
import { Csrf, Layout, type PageContext } from '../../web/layout.js';
import { ErrorSummary, TextField } from '../../web/forms.js';
import { Message } from '../../web/message.js';
import type { Profile } from './profile.js';
import type { ActiveSession } from './security.js';

export type AccountSection = 'details' | 'notifications' | 'password' | 'sessions' | 'delete';

export interface SectionProblem {
  section: AccountSection;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
  values?: Record<string, string | undefined>;
}

const when = (date: Date) => date.toLocaleString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

function problemFor(problem: SectionProblem | undefined, section: AccountSection) {
  return problem?.section === section ? problem : undefined;
}

export function DetailsSection({ ctx, profile, problem }: { ctx: PageContext; profile: Profile; problem?: SectionProblem | undefined }) {
  const mine = problemFor(problem, 'details');
  const values = mine?.values ?? {};
  return (
    <section class="panel" aria-labelledby="details-heading" id="details">
      <h2 id="details-heading">Your details</h2>
      <ErrorSummary errors={mine?.errors} message={mine?.message} />
      {profile.pendingEmail && (
        <Message kind="info">
          <p>
            We sent a link to <strong>{profile.pendingEmail}</strong>. Your email changes once you follow it; until then we keep using {profile.email}.
          </p>
        </Message>
      )}
      <form method="post" action="/account/profile" class="stack" novalidate>
        <Csrf ctx={ctx} />
        <TextField
          name="firstName"
          label="First name"
          value={values['firstName'] ?? profile.firstName}
          errors={mine?.errors}
          autocomplete="given-name"
          maxLength={60}
        />
        <TextField
          name="lastName"
          label="Last name"
          value={values['lastName'] ?? profile.lastName}
          errors={mine?.errors}
          autocomplete="family-name"
          maxLength={60}
        />
        <TextField
          name="email"
          label="Email"
          type="email"
          value={values['email'] ?? profile.pendingEmail ?? profile.email}
          errors={mine?.errors}
          autocomplete="email"
          hint="A new address takes effect when you follow the link we send to it. We tell your current address too."
        />
        <button class="button button--primary" type="submit">
          Save details
        </button>
      </form>
    </section>
  );
}

export function NotificationsSection({ ctx, profile }: { ctx: PageContext; profile: Profile }) {
  return (
    <section class="panel" aria-labelledby="notifications-heading" id="notifications">
      <h2 id="notifications-heading">Emails</h2>
      <p class="muted">We always email order confirmations and anything about a payment problem.</p>
      <form method="post" action="/account/notifications" class="stack">
        <Csrf ctx={ctx} />
        <label class="checkbox">
          <input type="checkbox" name="receipt" value="on" checked={profile.notifyReceipt} /> Email me the receipt when I'm charged
        </label>
        <label class="checkbox">
          <input type="checkbox" name="ready" value="on" checked={profile.notifyReady} /> Email me when my order is ready
        </label>
        <button class="button" type="submit">
          Save email choices
        </button>
      </form>
    </section>
  );
}

export function PasswordSection({ ctx, problem }: { ctx: PageContext; problem?: SectionProblem | undefined }) {
  const mine = problemFor(problem, 'password');
  return (
    <section class="panel" aria-labelledby="password-heading" id="password">
      <h2 id="password-heading">Password</h2>
      <ErrorSummary errors={mine?.errors} message={mine?.message} />
      <form method="post" action="/account/password" class="stack" novalidate>
        <Csrf ctx={ctx} />
        <TextField name="currentPassword" label="Current password" type="password" errors={mine?.errors} autocomplete="current-password" />
        <TextField
          name="newPassword"
          label="New password"
          type="password"
          errors={mine?.errors}
          autocomplete="new-password"
          hint="At least 10 characters. You stay signed in here; every other device is signed out."
          minLength={10}
        />
        <button class="button button--primary" type="submit">
          Change password
        </button>
      </form>
    </section>
  );
}

export function SessionsSection({ ctx, sessions }: { ctx: PageContext; sessions: ActiveSession[] }) {
  const others = sessions.filter((s) => !s.current).length;
  return (
    <section class="panel" aria-labelledby="sessions-heading" id="sessions">
      <h2 id="sessions-heading">Where you're signed in</h2>
      <ul class="session-list">
        {sessions.map((s) => (
          <li class="session-list__item">
            <div>
              <strong>{s.device}</strong>
              {s.current && <span class="tag tag--blue">This device</span>}
              <p class="muted">
                Last seen {when(s.lastSeenAt)} · signed in {when(s.createdAt)}
              </p>
            </div>
            {!s.current && (
              <form method="post" action={`/account/sessions/${s.id}/end`}>
                <Csrf ctx={ctx} />
                <button class="button button--small" type="submit">
                  Sign out
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {others > 0 && (
        <form method="post" action="/account/sessions/end-others">
          <Csrf ctx={ctx} />
          <button class="button" type="submit">
            Sign out everywhere else
          </button>
        </form>
      )}
    </section>
  );
}

export function DataSection() {
  return (
    <section class="panel" aria-labelledby="data-heading" id="data">
      <h2 id="data-heading">Your data</h2>
      <p>Your account, orders, payments (card type and last 4 digits only) and the history we keep about them, as one JSON file.</p>
      <p class="actions">
        <a class="button" href="/account/export" download>
          Download my data
        </a>
        <a class="button button--danger" href="/account/delete">
          Delete my account…
        </a>
      </p>
    </section>
  );
}

export function DeleteAccountPage({ ctx, problem }: { ctx: PageContext; problem?: SectionProblem | undefined }) {
  const mine = problemFor(problem, 'delete');
  return (
    <Layout ctx={ctx} title="Delete your account">
      <section class="panel panel--narrow">
        <h1>Delete your account</h1>
        <ErrorSummary errors={mine?.errors} message={mine?.message} />
        <p>Deleting your account cannot be undone. When you confirm:</p>
        <ul>
          <li>your name, email, password, sessions, basket and saved details are erased, and every device is signed out;</li>
          <li>emails to you that haven't gone yet are cancelled, and copies of sent ones are erased;</li>
          <li>your past orders stay in the cafe's books (amounts, items, store and times) as "Deleted customer", with nothing that identifies you;</li>
          <li>backups keep the erased data until they expire (at most the backup retention period), then it is gone;</li>
          <li>you can create a new account with the same email later.</li>
        </ul>
        <p>An order that is still under way (held, being charged, or in the queue) has to finish first.</p>
        <p>
          <a href="/account/export">Download your data</a> first if you want a copy.
        </p>
        <form method="post" action="/account/delete" class="stack" novalidate>
          <Csrf ctx={ctx} />
          <TextField name="password" label="Your password" type="password" errors={mine?.errors} autocomplete="current-password" />
          <button class="button button--danger button--primary" type="submit">
            Delete my account
          </button>
        </form>
        <p>
          <a href="/account">Keep my account</a>
        </p>
      </section>
    </Layout>
  );
}

export function ConfirmEmailPage({ ctx, token, usable }: { ctx: PageContext; token: string; usable: boolean }) {
  return (
    <Layout ctx={ctx} title="Confirm your email">
      <section class="panel panel--narrow">
        <h1>Confirm your email</h1>
        {usable ? (
          <form method="post" action="/account/email/confirm" class="stack">
            <Csrf ctx={ctx} />
            <input type="hidden" name="token" value={token} />
            <p>One tap to confirm this address is yours.</p>
            <button class="button button--primary" type="submit">
              Confirm my email
            </button>
          </form>
        ) : (
          <Message kind="error">
            <p>This link has expired or has already been used. Ask for a new one from your account page.</p>
          </Message>
        )}
      </section>
    </Layout>
  );
}
