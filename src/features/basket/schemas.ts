// What changing a basket takes: one schema each for the JSON API and the page forms.
import Type from 'typebox';
import { Slug } from '../../web/schemas.js';
import { Choice, Quantity } from '../menu/index.js';

export const StoreChoiceBody = Type.Object({ store: Slug }, { additionalProperties: false });

export const AddLineBody = Type.Object(
  {
    product: Slug,
    options: Type.Optional(Choice),
    quantity: Type.Optional(Quantity),
  },
  { additionalProperties: false },
);

export const QuantityBody = Type.Object({ quantity: Quantity }, { additionalProperties: false });

/** A line edited in place: new options (the whole choice), a new quantity, or both. */
export const EditLineBody = Type.Object(
  {
    options: Type.Optional(Choice),
    quantity: Type.Optional(Quantity),
  },
  { additionalProperties: false },
);
