// JSON API: the list of stores with whether they take orders now.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { formatAddress, isOpen, isPaused, type Store } from '../../domain/store.js';
import { listStores } from '../../db/stores.js';

export const StoreJson = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  address: Type.String(),
  open: Type.Boolean(),
  paused: Type.Boolean(),
});

export function storeJson(store: Store, now: Date) {
  return { slug: store.slug, name: store.name, address: formatAddress(store), open: isOpen(store, now), paused: isPaused(store, now) };
}

export async function storeApi(root: FastifyInstance, { deps }: { deps: AppDeps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/v1/stores', {
    schema: { tags: ['stores'], summary: 'List stores', response: { 200: Type.Array(StoreJson) } },
  }, async () => {
    const now = deps.clock();
    return (await listStores(deps.db.reader)).map((s) => storeJson(s, now));
  });
}
