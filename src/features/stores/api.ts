// JSON API: the list of stores with whether they take orders now.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { StoreJson, storeJson } from '../../web/schemas.js';
import { listStores } from '../../db/stores.js';

export async function storeApi(root: FastifyInstance, { deps }: { deps: AppDeps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/stores',
    {
      schema: { tags: ['stores'], summary: 'List stores', response: { 200: Type.Array(StoreJson) } },
    },
    async () => {
      const now = deps.clock();
      return (await listStores(deps.db.reader)).map((s) => storeJson(s, now));
    },
  );
}
