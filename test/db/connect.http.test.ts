// Closing a database releases everything, even when it was never queried.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { wrapPglite } from '../../src/db/connect.js';

test('closing a PGlite database that was never queried closes PGlite itself', async () => {
  const pglite = await PGlite.create();
  await wrapPglite(pglite).close();
  assert.equal(pglite.closed, true);
});

test('closing a PGlite database after queries closes it once, without error', async () => {
  const pglite = await PGlite.create();
  const db = wrapPglite(pglite);
  await db.writer.selectNoFrom((eb) => eb.val(1).as('one')).execute();
  await db.close();
  assert.equal(pglite.closed, true);
});
