// The account's own API and forms (issue 14): one schema each, shared by the JSON API and the page forms.
import Type from 'typebox';

export const ProfileJson = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  emailVerified: Type.Boolean(),
  pendingEmail: Type.Union([Type.String(), Type.Null()], { description: 'A new address waiting for its confirmation link' }),
  notifications: Type.Object({
    receipt: Type.Boolean({ description: 'Email the receipt when the card is charged' }),
    ready: Type.Boolean({ description: 'Email when the order is ready' }),
  }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const ProfilePatch = Type.Object(
  {
    firstName: Type.Optional(Type.String({ maxLength: 200 })),
    lastName: Type.Optional(Type.String({ maxLength: 200 })),
    email: Type.Optional(Type.String({ maxLength: 300, description: 'Takes effect once the link sent to it is followed; the old address is told' })),
    notifications: Type.Optional(
      Type.Object({ receipt: Type.Optional(Type.Boolean()), ready: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

export const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.String({ maxLength: 1000 }),
    newPassword: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);

export const EmailVerificationBody = Type.Object(
  {
    token: Type.Optional(Type.String({ maxLength: 100, description: "The link's token: confirms the address. Without it, a new link is sent." })),
  },
  { additionalProperties: false },
);

export const DeletionBody = Type.Object({ password: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });

export const SessionJson = Type.Object({
  id: Type.String({ description: 'A handle for signing the session out (never its secret)' }),
  device: Type.String(),
  kind: Type.Union([Type.Literal('web'), Type.Literal('api')]),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  current: Type.Boolean(),
});

export const SessionParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
