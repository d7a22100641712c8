// What choosing a product from the menu takes: options by group and a quantity. The product form
// (form-choice.ts) and the basket's add (basket/schemas.ts) are both built from these.
import Type from 'typebox';
import { MAX_QUANTITY, MIN_QUANTITY } from '../../domain/customisation.js';
import { MAX_OPTION_GROUPS } from '../../domain/limits.js';

/** group slug → option slug, or a list of option slugs (a form sends `options.<group>` fields). */
export const Choice = Type.Record(
  Type.String({ maxLength: 80 }),
  Type.Union([Type.String({ maxLength: 80 }), Type.Array(Type.String({ maxLength: 80 }), { maxItems: 20 })]),
  { maxProperties: MAX_OPTION_GROUPS },
);

export const Quantity = Type.Integer({ minimum: MIN_QUANTITY, maximum: MAX_QUANTITY });
export const QUANTITY_MESSAGE = `Quantity must be a whole number between ${MIN_QUANTITY} and ${MAX_QUANTITY}.`;
