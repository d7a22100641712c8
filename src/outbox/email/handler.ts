// Delivers an 'email' row: renders its template (order emails from the order's
// snapshot, read now) and hands it to the transport (SMTP or the dev mailbox).
import type { AppDeps } from '../../deps.js';
import { PermanentDeliveryError, type OutboxHandler } from '../handlers.js';
import { loadOrderForMessages, loadRefundForMessages } from '../order-snapshot.js';
import { unseal } from '../sealed.js';
import { isAccountTemplate, isOrderTemplate, renderAccountEmail, renderOrderEmail, renderPasswordResetEmail, type RenderedEmail } from './templates.js';
import type { MailTransport } from './transport.js';

export const RESET_TOKEN_PURPOSE = 'password-reset-token';
/** Seals the single-use links of account emails (verify, confirm a new address) while they wait in the outbox. */
export const ACCOUNT_TOKEN_PURPOSE = 'account-email-token';

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function emailHandler(deps: AppDeps, transport: MailTransport): OutboxHandler {
  const { config } = deps;
  async function render(template: string, data: Record<string, unknown>): Promise<RenderedEmail> {
    if (template === 'password-reset') {
      const sealed = str(data['sealedToken']);
      const token = sealed ? unseal(config.sessionSecret, RESET_TOKEN_PURPOSE, sealed) : null;
      // A plain resetUrl is accepted too (the enqueue contract's first shape).
      const resetUrl = token ? `${config.publicUrl.replace(/\/$/, '')}/password-reset/confirm?token=${encodeURIComponent(token)}` : str(data['resetUrl']);
      if (!resetUrl) throw new PermanentDeliveryError('password-reset email without a token (was SESSION_SECRET changed?)');
      return renderPasswordResetEmail({ firstName: str(data['firstName']) ?? 'there', resetUrl, ttlMs: config.passwordResetTtlMs });
    }
    if (isAccountTemplate(template)) {
      const sealed = str(data['sealedToken']);
      const token = sealed ? unseal(config.sessionSecret, ACCOUNT_TOKEN_PURPOSE, sealed) : null;
      if (template !== 'email-change-notice' && template !== 'login-throttled' && !token)
        throw new PermanentDeliveryError(`${template} email without a token (was SESSION_SECRET changed?)`);
      const url = token ? `${config.publicUrl.replace(/\/$/, '')}/account/email/confirm?token=${encodeURIComponent(token)}` : undefined;
      return renderAccountEmail(template, {
        firstName: str(data['firstName']) ?? 'there',
        url,
        newEmail: str(data['newEmail']),
        ttlMs: config.accountTokenTtlMs,
      });
    }
    if (!isOrderTemplate(template)) throw new PermanentDeliveryError(`unknown email template "${template}"`);
    const orderId = data['orderId'];
    if (typeof orderId !== 'string' && typeof orderId !== 'number') throw new PermanentDeliveryError(`${template} email without an orderId`);
    const order = await loadOrderForMessages(deps.db.writer, String(orderId));
    if (!order) throw new PermanentDeliveryError(`order ${orderId} not found`);
    let refund;
    if (template === 'order-refunded') {
      refund = await loadRefundForMessages(deps.db.writer, String(orderId), Number(data['refundId']));
      if (!refund) throw new PermanentDeliveryError(`refund ${String(data['refundId'])} of order ${orderId} not found`);
    }
    return renderOrderEmail(template, {
      refund,
      order,
      publicUrl: config.publicUrl,
      checkinWindowMs: config.checkinWindowMs,
      vatNumber: config.vatNumber,
      reason: str(data['reason']) ?? order.paymentFailure ?? undefined,
    });
  }

  return async (row) => {
    const template = str(row.payload['template']);
    const to = str(row.payload['to']);
    const data = (row.payload['data'] ?? {}) as Record<string, unknown>;
    if (!template) throw new PermanentDeliveryError('email without a template');
    if (!to || !/^[^\s@<>]+@[^\s@<>]+$/.test(to)) throw new PermanentDeliveryError('email without a valid recipient');
    const rendered = await render(template, data && typeof data === 'object' ? data : {});
    await transport.send({ messageId: row.messageId, template, to, ...rendered });
  };
}
