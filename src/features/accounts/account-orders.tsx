// The order history block on the account page. The orders feature fills it in.
import type { AppDeps } from '../../app.js';
import type { PageContext } from '../../web/layout.js';

export function AccountOrders(_props: { deps: AppDeps; userId: number; ctx: PageContext }) {
  return <p class="muted">You have not placed any orders yet.</p>;
}
