// The ordered list of migrations. Add new files at the end; never rename or edit a shipped one.
import type { Migration } from 'kysely/migration';
import * as m001 from './001-foundation.js';
import * as m002 from './002-audit-log.js';
import * as m003 from './003-orders.js';
import * as m004 from './004-outbox-delivery.js';
import * as m007 from './007-catalogue-version.js';
import * as m120 from './120-applied-requests.js';
import * as m200 from './200-authorise-claim.js';
import * as m202 from './202-jsonb-strings-to-values.js';
import * as m300 from './300-order-lifecycle.js';
import * as m301 from './301-store-capacity-and-eta.js';
import * as m310 from './310-pay-again.js';
import * as m320 from './320-favourites.js';
import * as m321 from './321-saved-cards.js';
import * as m330 from './330-allergens.js';
import * as m331 from './331-order-line-vat-rate.js';
import * as m400 from './400-kitchen-display.js';
import * as m410 from './410-sold-out-until.js';
import * as m420 from './420-special-days.js';
import * as m430 from './430-payment-errors.js';
import * as m500 from './500-second-factor.js';
import * as m600 from './600-catalogue-and-outbox-notify.js';
import * as m605 from './605-store-hours-bump-catalogue.js';
import * as m700 from './700-outbox-request-id.js';
import * as m900 from './900-account-self-service.js';

export const migrations: Record<string, Migration> = {
  '001-foundation': m001,
  '002-audit-log': m002,
  '003-orders': m003,
  '004-outbox-delivery': m004,
  '007-catalogue-version': m007,
  '120-applied-requests': m120,
  '200-authorise-claim': m200,
  '202-jsonb-strings-to-values': m202,
  '300-order-lifecycle': m300,
  '301-store-capacity-and-eta': m301,
  '310-pay-again': m310,
  '320-favourites': m320,
  '321-saved-cards': m321,
  '330-allergens': m330,
  '331-order-line-vat-rate': m331,
  '400-kitchen-display': m400,
  '410-sold-out-until': m410,
  '420-special-days': m420,
  '430-payment-errors': m430,
  '500-second-factor': m500,
  '600-catalogue-and-outbox-notify': m600,
  '605-store-hours-bump-catalogue': m605,
  '700-outbox-request-id': m700,
  '900-account-self-service': m900,
};
