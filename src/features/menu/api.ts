// JSON API: a store's menu by category, with availability at that store.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { isProductAvailable, type MenuProduct } from '../../domain/customisation.js';
import { ALLERGEN_SLUGS, ALLERGENS, MAY_CONTAIN_NOTICE } from '../../domain/allergens.js';
import { errors, Slug } from '../../web/schemas.js';
import { getStore } from '../../db/stores.js';
import { StoreJson, storeJson } from '../../web/schemas.js';
import { listCategories } from './queries.js';
import type { MenuCache } from './menu-cache.js';

const AllergenSlug = Type.Enum(ALLERGEN_SLUGS, { description: "One of the 14 UK allergens (see the menu's `allergens` list for names)." });

const OptionJson = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  priceDeltaPence: Type.Integer(),
  default: Type.Boolean(),
  available: Type.Boolean(),
  allergens: Type.Array(AllergenSlug, { uniqueItems: true, description: 'Allergens this option brings into the drink.' }),
});
const GroupJson = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  selection: Type.Union([Type.Literal('single'), Type.Literal('multi')]),
  required: Type.Boolean(),
  max: Type.Integer(),
  options: Type.Array(OptionJson),
});
const ProductJson = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  pricePence: Type.Integer(),
  available: Type.Boolean(),
  allergens: Type.Array(AllergenSlug, {
    uniqueItems: true,
    description: "Allergens in the product whatever its options; the chosen options' are added to them.",
  }),
  groups: Type.Array(GroupJson),
});
const MenuJson = Type.Object({
  store: StoreJson,
  allergens: Type.Array(Type.Object({ slug: AllergenSlug, name: Type.String() }), {
    description: 'The 14 UK allergens, in the order the Food Standards Agency lists them.',
  }),
  mayContain: Type.String({ description: 'Shown with every allergen list: what shared equipment means for traces.' }),
  categories: Type.Array(Type.Object({ slug: Type.String(), name: Type.String(), products: Type.Array(ProductJson) })),
});

export function productJson(p: MenuProduct) {
  return {
    slug: p.slug,
    name: p.name,
    description: p.description,
    pricePence: p.pricePence,
    available: isProductAvailable(p),
    allergens: p.allergens,
    groups: p.groups.map((g) => ({
      slug: g.slug,
      name: g.name,
      selection: g.selection,
      required: g.required,
      max: g.maxChoices,
      options: g.options.map((o) => ({
        slug: o.slug,
        name: o.name,
        priceDeltaPence: o.priceDeltaPence,
        default: o.isDefault,
        available: o.available,
        allergens: o.allergens,
      })),
    })),
  };
}

export async function menuApi(root: FastifyInstance, { deps, menuCache }: { deps: AppDeps; menuCache: MenuCache }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/stores/:store/menu',
    {
      schema: {
        tags: ['menu'],
        summary: "A store's menu",
        params: Type.Object({ store: Slug }),
        response: { 200: MenuJson, ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      // Public catalogue: cacheable, but revalidated every time (DESIGN.md §3); everything else is no-store.
      reply.header('cache-control', 'no-cache');
      const db = deps.db.reader;
      const store = await getStore(db, request.params.store);
      const [categories, products] = await Promise.all([listCategories(db), menuCache.storeMenu(db, store.id)]);
      return {
        store: storeJson(store, deps.clock()),
        allergens: ALLERGENS.map((a) => ({ slug: a.slug, name: a.name })),
        mayContain: MAY_CONTAIN_NOTICE,
        categories: categories
          .map((c) => ({
            slug: c.slug,
            name: c.name,
            products: products.filter((p) => p.categorySlug === c.slug).map(productJson),
          }))
          .filter((c) => c.products.length > 0),
      };
    },
  );
}
