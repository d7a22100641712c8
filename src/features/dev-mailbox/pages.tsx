// /dev/mailbox: emails written to DATA_DIR/mail when SMTP_URL is unset.
// Registered only outside production and without SMTP (docs/decisions/033):
// otherwise every /dev/ URL is the ordinary 404.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { NotFoundError } from '../../domain/errors.js';
import { FileMailbox } from '../../outbox/email/file-mailbox.js';
import { pageContext } from '../../web/page-context.js';
import { sendPage } from '../../web/render.js';
import { MailboxPage, MailPage } from './views.js';
import { isDirectLoopback } from '../../web/client-address.js';
import { isAdmin } from '../../domain/permissions.js';

export function devMailboxEnabled(config: AppDeps['config']): boolean {
  return !config.production && !config.smtpUrl;
}

export async function devMailboxPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  if (!devMailboxEnabled(deps.config)) return;
  const mailbox = new FileMailbox(deps.config.dataDir);

  // The mailbox holds password-reset links: only the developer at this machine
  // (a direct loopback connection) or an admin may read it.
  app.addHook('onRequest', async (request) => {
    if (isDirectLoopback(request) || (request.user && isAdmin(request.user))) return;
    throw new NotFoundError('Page');
  });

  app.get('/dev/mailbox', async (request, reply) => {
    const [ctx, mails] = await Promise.all([pageContext(deps, request, reply), mailbox.list()]);
    return sendPage(reply, <MailboxPage ctx={ctx} mails={mails} dir={mailbox.dir} />);
  });

  app.get<{ Params: { id: string } }>('/dev/mailbox/:id', async (request, reply) => {
    const mail = await mailbox.read(request.params.id);
    if (!mail) throw new NotFoundError('Email');
    return sendPage(reply, <MailPage ctx={await pageContext(deps, request, reply)} mail={mail} />);
  });

  app.get<{ Params: { id: string } }>('/dev/mailbox/:id/raw', async (request, reply) => {
    const raw = await mailbox.raw(request.params.id);
    if (!raw) throw new NotFoundError('Email');
    return reply.header('content-type', 'message/rfc822').header('content-disposition', `attachment; filename="${request.params.id}.eml"`).send(raw);
  });
}
