// What changing a basket takes: one schema each for the JSON API and the page forms.
import Type from 'typebox';
import { MAX_QUANTITY, MIN_QUANTITY } from '../../domain/customisation.js';
import { Slug } from '../../web/schemas.js';

/** group slug → option slug, or a list of option slugs (a form sends `options.<group>` fields). */
export const Choice = Type.Record(Type.String({ maxLength: 80 }), Type.Union([
  Type.String({ maxLength: 80 }), Type.Array(Type.String({ maxLength: 80 }), { maxItems: 20 }),
]));

export const Quantity = Type.Integer({ minimum: MIN_QUANTITY, maximum: MAX_QUANTITY });
export const QUANTITY_MESSAGE = `Quantity must be a whole number between ${MIN_QUANTITY} and ${MAX_QUANTITY}.`;

export const StoreChoiceBody = Type.Object({ store: Slug }, { additionalProperties: false });

export const AddLineBody = Type.Object({
  product: Slug, options: Type.Optional(Choice), quantity: Type.Optional(Quantity),
}, { additionalProperties: false });

export const QuantityBody = Type.Object({ quantity: Quantity }, { additionalProperties: false });
