// A favourite as what "order again" puts in the basket: the drink at the basket's store.
import type { AppDeps } from '../../deps.js';
import { ValidationError } from '../../domain/errors.js';
import type { RefillSource } from '../orders/index.js';
import { findFavourite, orderingStore } from './service.js';

export async function favouriteSource(deps: AppDeps, userId: number, id: number): Promise<RefillSource> {
  const favourite = await findFavourite(deps.db.writer, userId, id);
  const store = await orderingStore(deps.db.writer, userId);
  if (!store) throw new ValidationError({ store: 'Choose a store first.' });
  return {
    store: { id: store.id, slug: store.slug, name: store.name },
    lines: [{ product: favourite.product, name: favourite.name, options: favourite.options, quantity: favourite.quantity }],
  };
}
