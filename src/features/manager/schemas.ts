// What the manager's switches take: one schema for the JSON API and the availability forms.
import Type from 'typebox';

export const Available = Type.Object(
  {
    available: Type.Boolean(),
    until: Type.Optional(
      Type.String({
        maxLength: 40,
        description:
          'Only with available: false. "end-of-day" (back at the store\'s next opening), a time "HH:MM" on the store clock, or an ISO date-time; absent: indefinitely.',
      }),
    ),
  },
  { additionalProperties: false },
);
