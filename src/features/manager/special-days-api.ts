// JSON API for a store's holiday hours and closures (issue 10 item 5, decision 432): list, add and
// remove, for the store's managers and admins, with the same checks and messages as the page
// (special-days.ts does both), so a bad entry is a 400 on its field and nothing is saved.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { ValidationError } from '../../domain/errors.js';
import { describeSpecialDay, type SpecialDay, SPECIAL_DAY_REASON_MAX, upcomingSpecialDays } from '../../domain/special-days.js';
import { localDate } from '../../domain/store-time.js';
import { getStore } from '../../db/stores.js';
import { storeGuard } from '../../web/guards.js';
import { errors, Slug } from '../../web/schemas.js';
import { requireUser } from '../../web/session.js';
import { addSpecialDay, removeSpecialDay } from './special-days.js';

const auth = { security: [{ bearer: [] }] };
const tags = ['store management'];
const DateText = (description: string) => Type.String({ maxLength: 10, description });
const TimeText = (description: string) => Type.String({ maxLength: 5, description });

const SpecialDayJson = Type.Object({
  id: Type.Integer(),
  firstDate: Type.String({ description: 'YYYY-MM-DD on the store calendar, inclusive' }),
  lastDate: Type.String({ description: 'YYYY-MM-DD on the store calendar, inclusive' }),
  closed: Type.Boolean(),
  opens: Type.Union([Type.String(), Type.Null()], { description: 'HH:MM on the store clock; null when closed' }),
  closes: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
  /** As customers read it. */
  description: Type.String({ description: 'What customers are shown, e.g. "Closed 25 Dec (Christmas)"' }),
});

const SpecialDayBody = Type.Object(
  {
    firstDate: DateText('YYYY-MM-DD on the store calendar (years 2000–2100), today or later'),
    lastDate: Type.Optional(DateText('YYYY-MM-DD, inclusive; absent: the first date only. At most 366 days in all')),
    closed: Type.Boolean({ description: 'true: closed all day; false: open from opens to closes' }),
    opens: Type.Optional(TimeText('HH:MM on the store clock; only when closed is false')),
    closes: Type.Optional(TimeText('HH:MM, after opens; only when closed is false')),
    reason: Type.String({ maxLength: SPECIAL_DAY_REASON_MAX, description: 'What customers are told, e.g. "Christmas"' }),
  },
  { additionalProperties: false },
);

const Params = Type.Object({ store: Slug });
const IdParams = Type.Object({ store: Slug, id: Type.String({ pattern: '^[0-9]{1,9}$', maxLength: 9 }) });

function json(day: SpecialDay) {
  const closed = day.opens === null || day.closes === null;
  return {
    id: day.id ?? 0,
    firstDate: day.firstDate,
    lastDate: day.lastDate,
    closed,
    opens: closed ? null : day.opens,
    closes: closed ? null : day.closes,
    reason: day.reason,
    description: describeSpecialDay(day),
  };
}

export async function specialDaysApi(root: FastifyInstance, { deps }: { deps: AppDeps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const db = deps.db.writer;

  app.get(
    '/api/v1/stores/:store/special-days',
    {
      preValidation: storeGuard('store.hours'),
      schema: {
        tags,
        summary: "A store's holiday hours and closures that are not over yet, earliest first (its managers)",
        ...auth,
        params: Params,
        response: { 200: Type.Object({ store: Type.String(), timezone: Type.String(), specialDays: Type.Array(SpecialDayJson) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const store = await getStore(db, request.params.store);
      const days = upcomingSpecialDays(store.specialDays ?? [], localDate(deps.clock(), store.timezone));
      return { store: store.slug, timezone: store.timezone, specialDays: days.map(json) };
    },
  );

  app.post(
    '/api/v1/stores/:store/special-days',
    {
      preValidation: storeGuard('store.hours'),
      schema: {
        tags,
        summary: 'Add holiday hours or a closure for a date or a range of dates (its managers)',
        description:
          'They replace the week’s hours on those dates: open now, the next opening, pickup times and "sold out until we open again" follow them, and customers see them for the next three weeks. A range may not overlap another entry (400 on firstDate).',
        ...auth,
        params: Params,
        body: SpecialDayBody,
        response: { 201: SpecialDayJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { firstDate, lastDate = '', closed, opens, closes, reason } = request.body;
      if (closed) {
        // A closed day has no hours: times sent with it are a mistake, not something to drop.
        const fields = Object.fromEntries(
          (['opens', 'closes'] as const)
            .filter((f) => request.body[f] !== undefined)
            .map((f) => [f, 'A closed day takes no times; send closed: false for other hours.']),
        );
        if (Object.keys(fields).length > 0) throw new ValidationError(fields, 'Please check the dates.');
      }
      const { day } = await addSpecialDay(
        db,
        requireUser(request),
        request.params.store,
        { firstDate, lastDate, closed, opens: opens ?? '', closes: closes ?? '', reason },
        deps.clock(),
      );
      return reply.code(201).send(json(day));
    },
  );

  app.delete(
    '/api/v1/stores/:store/special-days/:id',
    {
      preValidation: storeGuard('store.hours'),
      schema: {
        tags,
        summary: 'Remove holiday hours or a closure (its managers); the week’s hours apply again on those dates',
        ...auth,
        params: IdParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await removeSpecialDay(db, requireUser(request), request.params.store, Number(request.params.id));
      return reply.code(204).send(null);
    },
  );
}
