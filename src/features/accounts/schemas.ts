// What registering and logging in take: one schema each for the JSON API and the page forms.
import Type from 'typebox';

export const RegisterBody = Type.Object(
  {
    firstName: Type.String({ maxLength: 200 }),
    lastName: Type.String({ maxLength: 200 }),
    email: Type.String({ maxLength: 300 }),
    password: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);

export const LoginBody = Type.Object(
  {
    email: Type.String({ maxLength: 300 }),
    password: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);
