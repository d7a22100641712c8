// The development mailbox: what the app would have emailed, for trying it locally.
import { Layout, type PageContext } from '../../web/layout.js';
import type { StoredMail } from '../../outbox/email/file-mailbox.js';

function when(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/London' }).format(new Date(iso));
}

export function MailboxPage({ ctx, mails, dir }: { ctx: PageContext; mails: StoredMail[]; dir: string }) {
  return (
    <Layout ctx={ctx} title="Dev mailbox" wide>
      <h1>Dev mailbox</h1>
      <p class="muted">
        SMTP_URL is not set, so emails are written to <code>{dir}</code> instead of being sent. This page exists only outside production.
      </p>
      {mails.length === 0 ? (
        <p>No emails yet.</p>
      ) : (
        <table class="mailbox">
          <thead>
            <tr>
              <th scope="col">Sent</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
            </tr>
          </thead>
          <tbody>
            {mails.map((m) => (
              <tr>
                <td>{when(m.date)}</td>
                <td>{m.to}</td>
                <td>
                  <a href={`/dev/mailbox/${m.messageId}`}>{m.subject}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export function MailPage({ ctx, mail }: { ctx: PageContext; mail: StoredMail }) {
  return (
    <Layout ctx={ctx} title={`${mail.subject} · Dev mailbox`} wide>
      <p>
        <a href="/dev/mailbox">← All emails</a>
      </p>
      <h1>{mail.subject}</h1>
      <dl class="details">
        <dt>From</dt>
        <dd>{mail.from}</dd>
        <dt>To</dt>
        <dd>{mail.to}</dd>
        <dt>Sent</dt>
        <dd>{when(mail.date)}</dd>
        <dt>Template</dt>
        <dd>{mail.template}</dd>
        <dt>Message id</dt>
        <dd>
          <code>{mail.messageId}</code> ·{' '}
          <a href={`/dev/mailbox/${mail.messageId}/raw`} download>
            Download .eml
          </a>
        </dd>
      </dl>
      <h2>HTML part</h2>
      {/* sandbox with no allowances: the email's HTML can run no script and reach nothing of this page. */}
      <iframe
        class="mail-html"
        title={`HTML part of ${mail.subject}`}
        sandbox=""
        srcdoc={mail.html}
        style="width:100%;min-height:32rem;border:1px solid #ddd;background:#fff;"
      />
      <h2>Plain-text part</h2>
      <pre class="mail-text" style="white-space:pre-wrap;">
        {mail.text}
      </pre>
    </Layout>
  );
}
