// Favourites through pages: the list, saving a drink (the product form's star, an order line's),
// removing one, and one-tap "Order again" (asks replace/add when the basket holds something).
import { declareFormSchema } from '../../web/route-catalogue.js';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ValidationError } from '../../domain/errors.js';
import { formRoute } from '../../web/form-route.js';
import { info, success } from '../../web/message.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, safeReturnTo, sendPage } from '../../web/render.js';
import { requireUser } from '../../web/session.js';
import { productFormMessages } from '../menu/index.js';
import { OrderAgainBody, orderAgainFromPage } from '../orders/index.js';
import { FavouriteBody } from './schemas.js';
import { addFavourite, listFavourites, orderingStore, removeFavourite } from './service.js';
import { favouriteSource } from './source.js';
import { FavouritesPage } from './views.js';

type IdParams = { Params: { id: string } };
const favouriteId = (raw: string) => (/^[1-9][0-9]{0,8}$/.test(raw) ? Number(raw) : -1);
/** The star is a second submit button of another page's form (the product form, an order line): it says where to come back to in its address. */
const backTo = (request: { query: unknown }) => safeReturnTo((request.query as { returnTo?: unknown } | undefined)?.returnTo, '/favourites');

/**
 * Back on the product page the drink shows as it was starred, not reset to its defaults: the browser
 * posts the same form to the product page (307), which shows it as a preview and saves nothing, as
 * "Update total" does (decision 343). Any other page (an order, a basket line being edited) is a plain
 * redirect: a repeated POST there would do something.
 */
const isProductPage = (path: string) => /^\/stores\/[^/?#]+\/products\/[^/?#]+(\?|$)/.test(path);

export async function favouritePages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;

  app.get('/favourites', async (request, reply) => {
    const user = requireUser(request);
    const [ctx, favourites, store] = await Promise.all([pageContext(deps, request, reply), listFavourites(db, user.id), orderingStore(db, user.id)]);
    return sendPage(reply, <FavouritesPage ctx={ctx} favourites={favourites} hasStore={store !== null} />);
  });

  app.post(
    '/favourites',
    formRoute({
      schema: FavouriteBody,
      messages: productFormMessages,
      async action({ quantity = 1, options = {}, ...input }, request) {
        const user = requireUser(request);
        const { created } = await addFavourite(db, user.id, { ...input, options, quantity });
        const back = backTo(request);
        // Saved twice (a page from before the first save, a second tap): still one favourite, and said so.
        const flash = created ? success('Saved to your favourites (see Favourites on your account).') : info('This drink is already one of your favourites.');
        return { redirect: back, repost: isProductPage(back), flash };
      },
      // The star sits on another page (product, order): back there with the reason.
      invalid: (request) => ({ redirect: backTo(request) }),
    }),
  );

  app.post<IdParams>('/favourites/:id/remove', async (request, reply) => {
    const user = requireUser(request);
    await removeFavourite(db, user.id, favouriteId(request.params.id));
    return redirectWithFlash(reply, '/favourites', success('Removed from your favourites.'));
  });

  app.post<IdParams>(
    '/favourites/:id/order',
    declareFormSchema(async (request, reply) => {
      const user = requireUser(request);
      const id = favouriteId(request.params.id);
      try {
        const source = await favouriteSource(deps, user.id, id);
        return orderAgainFromPage(deps, request, reply, { source, action: `/favourites/${id}/order`, back: '/favourites' });
      } catch (error) {
        if (!(error instanceof ValidationError) || !error.fields?.['store']) throw error;
        return reply.redirect(`/stores?returnTo=${encodeURIComponent('/favourites')}`, 303);
      }
    }, OrderAgainBody),
  );
}
