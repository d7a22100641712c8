// JSON API for running a store: availability switches (manager of the store or
// admin), busy mode and opening hours. Changes are written to the primary and are
// on the store's menu (reader pool) within its replication lag, ≤ 1 s.
import { instantProblem } from '../../domain/limits.js';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { ValidationError } from '../../domain/errors.js';
import { shortTime } from '../../domain/opening-hours.js';
import { storeGuard } from '../../web/guards.js';
import { errors, Slug } from '../../web/schemas.js';
import { requireUser } from '../../web/session.js';
import { StoreJson, storeJson } from '../../web/schemas.js';
import type { Store } from '../../domain/store.js';
import { Available } from './schemas.js';
import { pauseOrdering, resumeOrdering, setWeekHours, switchItem, type SwitchResult } from './service.js';

const auth = { security: [{ bearer: [] }] };
const SwitchJson = Type.Object({
  store: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  available: Type.Boolean(),
  /** When a sold-out item comes back by itself; null: available, or sold out indefinitely. */
  availableAgainAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM on the store clock' });
const HoursJson = Type.Array(Type.Object({ day: Type.Integer({ minimum: 1, maximum: 7 }), opens: Time, closes: Time }, { additionalProperties: false }), {
  maxItems: 7,
});
const StoreStateJson = Type.Object({
  store: StoreJson,
  pausedUntil: Type.Union([Type.String(), Type.Null()]),
  timezone: Type.String(),
  hours: HoursJson,
});

function switchJson(result: SwitchResult) {
  return {
    store: result.store.slug,
    slug: result.slug,
    name: result.name,
    available: result.available,
    availableAgainAt: result.availableAgainAt?.toISOString() ?? null,
  };
}

function storeState(store: Store, now: Date) {
  const paused = storeJson(store, now).paused;
  return {
    store: storeJson(store, now),
    pausedUntil: paused && store.pausedUntil ? store.pausedUntil.toISOString() : null,
    timezone: store.timezone,
    hours: store.hours.map((h) => ({ day: h.isoDay, opens: shortTime(h.opens), closes: shortTime(h.closes) })),
  };
}

export async function managerApi(root: FastifyInstance, { deps }: { deps: AppDeps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const db = deps.db.writer;

  // Products and options are switched alike; only the path's name and the summary differ.
  const switches = [
    { kind: 'product', param: 'product', summary: "Switch a product on or off at a store (86'ing), off until a moment or indefinitely (the store's staff)" },
    {
      kind: 'option',
      param: 'option',
      summary: "Switch an option (e.g. oat milk) on or off at a store, off until a moment or indefinitely (the store's staff)",
    },
  ] as const;
  for (const { kind, param, summary } of switches) {
    app.put(
      `/api/v1/stores/:store/${param}s/:${param}/availability`,
      {
        preValidation: storeGuard('store.availability'),
        schema: {
          tags: ['store management'],
          summary,
          ...auth,
          params: Type.Object({ store: Slug, [param]: Slug }),
          body: Available,
          response: { 200: SwitchJson, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        // The path names the item by its kind (`:product`, `:option`), as the OpenAPI has always said.
        const params = request.params as Record<string, string> & { store: string };
        const result = await switchItem(db, requireUser(request), kind, params.store, params[param] ?? '', request.body.available, {
          until: request.body.until,
          now: deps.clock(),
        });
        return switchJson(result);
      },
    );
  }

  app.put(
    '/api/v1/stores/:store/busy',
    {
      preValidation: storeGuard('store.pause'),
      schema: {
        tags: ['store management'],
        ...auth,
        summary: 'Busy mode: pause new orders (optionally until resumeAt, an ISO 8601 instant) or resume',
        params: Type.Object({ store: Slug }),
        body: Type.Object(
          {
            paused: Type.Boolean(),
            resumeAt: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: StoreStateJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const now = deps.clock();
      const { paused, resumeAt } = request.body;
      if (!paused && resumeAt) throw new ValidationError({ resumeAt: 'Only a pause takes a resume time.' });
      let until: Date | null = null;
      if (paused && resumeAt) {
        until = new Date(resumeAt);
        if (!/^\d{4}-\d{2}-\d{2}T/.test(resumeAt) || Number.isNaN(until.getTime())) {
          throw new ValidationError({ resumeAt: 'Give the resume time as an ISO 8601 instant, e.g. 2026-11-25T14:30:00Z.' });
        }
        const problem = instantProblem(until);
        if (problem) throw new ValidationError({ resumeAt: problem });
      }
      const store = paused ? await pauseOrdering(db, user, request.params.store, until, now) : await resumeOrdering(db, user, request.params.store);
      return storeState(store, now);
    },
  );

  app.put(
    '/api/v1/stores/:store/hours',
    {
      preValidation: storeGuard('store.hours'),
      schema: {
        tags: ['store management'],
        ...auth,
        summary: 'Set the weekly opening hours (store clock); days left out are closed',
        params: Type.Object({ store: Slug }),
        body: Type.Object({ hours: HoursJson }, { additionalProperties: false }),
        response: { 200: StoreStateJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const days = request.body.hours.map((h) => ({ isoDay: h.day, open: true, opens: h.opens, closes: h.closes }));
      const { store } = await setWeekHours(db, requireUser(request), request.params.store, days);
      return storeState(store, deps.clock());
    },
  );
}
