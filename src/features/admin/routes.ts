// The admin area. Every route registered inside `guarded` passes requireAdmin
// first (an encapsulated hook, so it covers each route added here — and only these).
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { requireAdmin } from './guard.js';
import { hasSecondFactor, mustHaveSecondFactor } from '../accounts/index.js';
import { AppError } from '../../domain/errors.js';
import { adminHome } from './home.js';
import { adminStorePages } from './stores/pages.js';
import { adminCategoryPages } from './catalogue/category-pages.js';
import { adminProductPages } from './catalogue/product-pages.js';
import { adminOptionPages } from './catalogue/option-pages.js';
import { adminUserPages } from './users/pages.js';
import { adminExportPages } from './exports/pages.js';
import { adminOutboxPages } from './logs/outbox-pages.js';
import { adminWebhookPages } from './logs/webhook-pages.js';
import { adminAuditPages } from './logs/audit-pages.js';
import { adminPaymentErrorPages } from './logs/payment-error-pages.js';
import { adminReportPages } from './reports/pages.js';
import { uploadedImageRoutes } from './catalogue/images.js';

type Options = { deps: AppDeps };

async function guarded(app: FastifyInstance, options: Options) {
  // onRequest: before the body is read, so a non-admin's upload is never parsed.
  app.addHook('onRequest', async (request, reply) => {
    const admin = requireAdmin(request);
    // Admins sign in with a second factor: one without it is sent to set it up first (decision 512).
    if (mustHaveSecondFactor(options.deps, admin) && !(await hasSecondFactor(options.deps.db.writer, admin.id))) {
      if (request.method !== 'GET')
        throw new AppError(403, 'second_factor_required', 'Set up two-step sign-in on your account page before using the admin pages.');
      return reply.redirect(`/account/two-factor?returnTo=${encodeURIComponent(request.url)}`, 303);
    }
  });
  for (const feature of [
    adminHome,
    adminStorePages,
    adminCategoryPages,
    adminProductPages,
    adminOptionPages,
    adminUserPages,
    adminExportPages,
    adminOutboxPages,
    adminWebhookPages,
    adminAuditPages,
    adminPaymentErrorPages,
    adminReportPages,
  ]) {
    await app.register(feature, options);
  }
}

export async function adminRoutes(app: FastifyInstance, options: Options) {
  await app.register(uploadedImageRoutes, options); // public: product images on the menu
  await app.register(guarded, options);
}
