// What `npm start` tells someone who has just cloned the project, in one place (main.ts prints it;
// where it goes — the terminal, or standard error when standard output carries JSON logs — is the
// caller's choice). A few lines: the address, the demo accounts, what to try.
import { isOpen, type Store } from '../../domain/store.js';
import { demoAccounts } from './demo-accounts.js';
import { DEMO_BARISTA, DEMO_STORE_SLUG } from './demo-store.js';

export interface NewcomerFacts {
  publicUrl: string;
  database: string;
  stores: Store[];
  now: Date;
}

const short = (store: Store) => store.name.replace(/^Alpaca Cafe /, '');

export function newcomerHelp({ publicUrl, database, stores, now }: NewcomerFacts): string[] {
  const demo = stores.find((s) => s.slug === DEMO_STORE_SLUG);
  const closed = stores.filter((s) => s.slug !== DEMO_STORE_SLUG && !isOpen(s, now));
  const customer = demoAccounts.find((a) => a.roles.length === 0);
  const lines = [
    '',
    `Alpaca Cafe is running at ${publicUrl} (${database}).`,
    'Try it: register (or log in as the customer below), choose a store, add a drink, pay with card',
    '4242 4242 4242 4242 (any future expiry, any CVC), then tap "I\'m here" on your order.',
  ];
  if (demo) {
    lines.push(
      `${short(demo)} never closes and its barista is automatic: your order is ready about 20 s after`,
      'you check in and collected a minute later — no staff login needed, at any hour.',
    );
  }
  if (closed.length > 0) {
    lines.push(`Closed right now (real opening hours): ${closed.map(short).join(', ')} — see how a closed store looks there.`);
  }
  lines.push('Other cards: 4000 0000 0000 0002 is declined; 4000 0000 0000 0341 is held but refused at check-in.');
  lines.push(`Demo accounts (password ${customer?.password ?? 'alpaca-demo-password'}):`);
  for (const account of demoAccounts) lines.push(`  ${account.what.padEnd(20)} ${account.email}`);
  if (demo) lines.push(`  ${'barista, Demo'.padEnd(20)} ${DEMO_BARISTA.email}`);
  lines.push(`Emails land in the dev mailbox: ${publicUrl}/dev/mailbox`);
  return lines;
}
