// Editing a basket line in place: the product form again, preselected with the line's options and
// quantity, saved over the line (decision 320). Works without JavaScript: "Update total" posts to
// the line's preview address, which prices the form and saves nothing.
import { declareFormSchema } from '../../web/route-catalogue.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { NotFoundError } from '../../domain/errors.js';
import { resolveCustomisation, type OptionChoice } from '../../domain/customisation.js';
import type { FieldErrors } from '../../domain/errors.js';
import { decodeForm } from '../../web/form-decode.js';
import { formRoute } from '../../web/form-route.js';
import { pageContext } from '../../web/page-context.js';
import { sendPage } from '../../web/render.js';
import { success } from '../../web/message.js';
import { favouriteKeys } from '../../db/favourite-keys.js';
import { loadMenuProducts, ProductForm, productFormMessages, ProductPage, ProductPreview, selectedFor } from '../menu/index.js';
import { editLine, ownerOf, viewBasket } from './service.js';
import { lineId } from './line-id.js';

type LineParams = { id: string };

/** The edit form for one of the visitor's lines, showing `choice` and `quantity` (or the line's own). */
async function editPage(
  deps: AppDeps,
  request: FastifyRequest<{ Params: LineParams }>,
  reply: FastifyReply,
  shown: { choice?: OptionChoice; quantity?: string; errors?: FieldErrors },
) {
  const db = deps.db.writer;
  const basket = await viewBasket(db, ownerOf(request));
  const line = basket.lines.find((l) => l.id === lineId(request.params.id));
  if (!line || !basket.store) throw new NotFoundError('Basket line');
  const [product] = await loadMenuProducts(db, basket.store.id, { productIds: [line.productId] });
  if (!product) throw new NotFoundError('Basket line');
  const choice = shown.choice ?? line.options;
  const quantity = shown.quantity ?? String(line.quantity);
  const priced = resolveCustomisation(product, choice);
  const ctx = await pageContext(deps, request, reply);
  const favourites = ctx.user ? [...(await favouriteKeys(db, ctx.user.id, [product.slug]))] : undefined;
  return (
    <ProductPage
      ctx={ctx}
      store={basket.store}
      product={product}
      editing={{ lineId: line.id }}
      favourites={favourites}
      state={{
        selected: selectedFor(product, choice, false),
        quantity,
        linePence: priced.ok && /^[0-9]{1,2}$/.test(quantity) ? priced.unitPence * Number(quantity) : null,
        errors: shown.errors && Object.keys(shown.errors).length > 0 ? shown.errors : undefined,
      }}
    />
  );
}

export async function lineEditPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;

  app.get<{ Params: LineParams }>('/basket/lines/:id/edit', async (request, reply) => sendPage(reply, await editPage(deps, request, reply, {})));

  // "Update total" without JavaScript posts the form here: priced, shown again, nothing saved.
  // A POST, not a GET, so the form's CSRF token never lands in a URL (decision 511).
  app.post<{ Params: LineParams }>(
    '/basket/lines/:id/preview',
    declareFormSchema(async (request, reply) => {
      const preview = decodeForm(ProductPreview, request.body, { messages: productFormMessages });
      const input = preview.ok ? preview.value : preview.partial;
      return sendPage(
        reply,
        await editPage(deps, request, reply, {
          choice: input.options ?? {},
          quantity: preview.values['quantity'] ?? '',
          errors: preview.ok ? {} : preview.errors,
        }),
      );
    }, ProductPreview),
  );

  app.post<{ Params: LineParams }>(
    '/basket/lines/:id/edit',
    formRoute({
      schema: ProductForm,
      messages: productFormMessages,
      async action({ options = {}, quantity }, request) {
        const owner = ownerOf(request);
        const kept = await editLine(db, owner, lineId(request.params.id), { options, quantity });
        const line = (await viewBasket(db, owner)).lines.find((l) => l.id === kept);
        return {
          redirect: '/basket',
          flash: success(
            line ? `Updated: ${line.quantity} × ${line.name}${line.optionNames.length ? ` (${line.optionNames.join(', ')})` : ''}.` : 'Basket updated.',
          ),
        };
      },
      invalid: (request, reply, { errors, values, partial }) =>
        editPage(deps, request, reply, { choice: partial.options ?? {}, quantity: values['quantity'] ?? '', errors }),
    }),
  );
}
