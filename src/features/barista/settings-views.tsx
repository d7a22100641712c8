// The queue's settings for a store's managers: when a ticket's age timer turns amber, then red.
import type { FieldErrors } from '../../domain/errors.js';
import type { Store } from '../../domain/store.js';
import { ErrorSummary, TextField } from '../../web/forms.js';
import { Csrf, Layout, type PageContext } from '../../web/layout.js';
import { shortStoreName } from '../../web/staff-context.js';

interface Props {
  ctx: PageContext;
  store: Store;
  thresholds: { amberMinutes: number; redMinutes: number } | Record<string, string>;
  errors?: FieldErrors;
  message?: string;
}

export function QueueSettingsPage({ ctx, store, thresholds, errors, message }: Props) {
  const value = (name: 'amberMinutes' | 'redMinutes') => String((thresholds as Record<string, unknown>)[name] ?? '');
  return (
    <Layout ctx={ctx} title={`Settings · ${shortStoreName(store.name)}`} wide>
      <section class="panel panel--narrow" aria-labelledby="settings-heading">
        <h1 id="settings-heading">Queue timers · {shortStoreName(store.name)}</h1>
        <p>A ticket's age counts from when making started. Past these, it turns amber, then red, on every tablet.</p>
        <ErrorSummary errors={errors} message={message} />
        <form method="post" action={`/staff/${store.slug}/settings`}>
          <Csrf ctx={ctx} />
          <TextField name="amberMinutes" label="Amber after (minutes)" type="number" value={value('amberMinutes')} errors={errors} />
          <TextField name="redMinutes" label="Red after (minutes)" type="number" value={value('redMinutes')} errors={errors} />
          <button type="submit" class="button button--primary">
            Save timers
          </button>
        </form>
      </section>
    </Layout>
  );
}
