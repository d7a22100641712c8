// What saving a favourite takes: the product form's fields (store, product, options, quantity).
import Type from 'typebox';
import { Slug } from '../../web/schemas.js';
import { Choice, Quantity } from '../menu/index.js';

export const FavouriteBody = Type.Object(
  {
    store: Type.Optional(Slug),
    product: Slug,
    options: Type.Optional(Choice),
    quantity: Type.Optional(Quantity),
  },
  { additionalProperties: false },
);

export const FavouriteJson = Type.Object({
  id: Type.Integer(),
  product: Type.String(),
  name: Type.String(),
  options: Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())])),
  quantity: Type.Integer(),
});

export const FavouriteParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }) });
