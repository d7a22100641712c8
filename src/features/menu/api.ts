// JSON API: a store's menu by category, with availability at that store. Sent as prebuilt bytes
// per store and catalogue version (menu-cache.ts, web/prepared-body.ts, decision 602): compressed
// once, a strong ETag, 304 on If-None-Match, `Cache-Control: no-cache`, and no cookie (the route is
// sessionless: nothing in it depends on who asks). Whether the store is open or paused right now
// moves with the clock, so it is not in these bytes: `GET /api/v1/stores` says it.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { isProductAvailable, type MenuProduct } from '../../domain/customisation.js';
import { ALLERGEN_SLUGS, ALLERGENS, MAY_CONTAIN_NOTICE } from '../../domain/allergens.js';
import { errors, Slug } from '../../web/schemas.js';
import { formatAddress } from '../../domain/store.js';
import { prepareBody, sendPrepared } from '../../web/prepared-body.js';
import type { MenuCache, MenuSnapshot } from './menu-cache.js';

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
const MenuStoreJson = Type.Object({ slug: Type.String(), name: Type.String(), address: Type.String() });
const MenuJson = Type.Object({
  store: MenuStoreJson,
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

/** The menu API's answer, built once per snapshot. */
export function menuJson({ store, categories, products }: MenuSnapshot) {
  return {
    store: { slug: store.slug, name: store.name, address: formatAddress(store) },
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
}

export async function menuApi(root: FastifyInstance, { menuCache }: { deps: AppDeps; menuCache: MenuCache }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/stores/:store/menu',
    {
      config: { sessionless: true },
      schema: {
        tags: ['menu'],
        summary: "A store's menu",
        description:
          'The same bytes for everyone until the catalogue or availability changes: conditional GETs (If-None-Match) are answered 304. ' +
          'Whether the store is open or paused now is in `GET /api/v1/stores`.',
        params: Type.Object({ store: Slug }),
        // No session is read here, so no bad token can be refused: web/openapi.ts declares no 401.
        'x-sessionless': true,
        response: { 200: MenuJson, 304: Type.Null({ description: 'Not modified: the ETag sent is current.' }), ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const { value } = await menuCache.derive(request.params.store, 'api-json', (snapshot) =>
        prepareBody(JSON.stringify(menuJson(snapshot)), 'application/json; charset=utf-8'),
      );
      // Public catalogue: cacheable, but revalidated every time (DESIGN.md §3); everything else is no-store.
      reply.header('cache-control', 'no-cache');
      return sendPrepared(request, reply, value);
    },
  );
}
