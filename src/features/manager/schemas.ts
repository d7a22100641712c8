// What the manager's switches take: one schema for the JSON API and the availability forms.
import Type from 'typebox';

export const Available = Type.Object({ available: Type.Boolean() }, { additionalProperties: false });
