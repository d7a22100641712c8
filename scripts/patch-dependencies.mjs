#!/usr/bin/env node
// Runs after `npm install` (package.json "postinstall"). Patches postgres.js 3.4.9 where it
// crashes the whole process when a database connection drops (upstream issues #1154 and #1208,
// fixes proposed in pull requests #1168 and #1209; not released). The HA drills found it: a leader
// failover killed both app instances (docs/decisions/121-patch-postgres-js-connection-loss.md).
//
// 1. A write scheduled with setImmediate after the socket closed dereferenced `null` from a timer:
//    an uncaught TypeError, no try/catch can stop it. The write now fails the query instead.
// 2. Closing a connection cleared the write timer but left it set, so that connection could never
//    send again (every later use timed out): the timer and the buffered bytes are now reset.
// 3. A query sent after the socket errored but before it closed waited forever: closing now fails
//    every query still in flight, not only after a clean close, and forgets it (sql.end() waited
//    for that dead query for ever, so an app drained after a failover never exited).
// 4. A query sent on a connection whose socket is gone (waiting to reconnect) is rejected with
//    CONNECTION_CLOSED instead of being written to nothing.
// 5. A reserved connection (Kysely reserves one per query and per transaction) that closed stays
//    dead for its holder: later queries on it are rejected, and releasing it does not put the
//    socket-less connection back among the open ones — the pool reconnects it when needed.
// 6. Waiting reservations were lost: a closed connection reconnecting for the next waiting
//    reservation took it off the queue and then dropped it (the caller waited for ever — requests
//    hung 65 s in the switchover drill), and a reservation whose connection attempt failed stayed
//    queued, so a later connection was handed to a settled promise and fell out of the pool.
//
// Each replacement is applied once (a marker says so), and the script fails loudly when the
// file no longer contains the text it expects: a new postgres.js release must be looked at.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MARKER = 'alpaca-patch';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.join(root, 'node_modules', 'postgres');

const connectionPatches = [
  {
    name: 'nextWrite on a closed socket',
    find: `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`,
    replace: `  function nextWrite(fn) {
    if (socket === null) { // ${MARKER}: closed before this write went out; fail the query, never throw from a timer
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`,
  },
  {
    name: 'terminate resets the write timer',
    find: `    terminated = true
    if (stream || query || initial || sent.length)
      error(Errors.connection('CONNECTION_DESTROYED', options))

    clearImmediate(nextWriteTimer)`,
    replace: `    terminated = true
    if (stream || query || initial || sent.length)
      error(Errors.connection('CONNECTION_DESTROYED', options))

    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null // ${MARKER}: a cleared timer left set blocked every later write`,
  },
  {
    name: 'closed resets the write timer',
    find: `    incomings = null
    clearImmediate(nextWriteTimer)
    socket.removeListener('data', data)`,
    replace: `    incomings = null
    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null // ${MARKER}: a cleared timer left set blocked every later write
    socket.removeListener('data', data)`,
  },
  {
    name: 'closed fails every query still in flight',
    find: `    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))`,
    replace: `    // ${MARKER}: also after a socket error: a query sent between the error and the close was left pending forever;
    // and forget the failed query, or end() waits for it for ever (draining an app hung after a failover)
    ;(query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))
    query = null`,
  },
  {
    name: 'execute without a socket',
    find: `    if (terminated)
      return queryError(q, Errors.connection('CONNECTION_DESTROYED', options))
`,
    replace: `    if (terminated)
      return queryError(q, Errors.connection('CONNECTION_DESTROYED', options))

    if (socket === null) // ${MARKER}: closed and not reconnected: never write into nothing
      return queryError(q, Errors.connection('CONNECTION_CLOSED', options))
`,
  },
];

const queuePatches = [
  {
    name: 'peek',
    find: `    push: (x) => (xs.push(x), x),`,
    replace: `    push: (x) => (xs.push(x), x),
    peek: () => xs[index], // ${MARKER}: onclose looks at the next waiting query without taking a reservation`,
  },
];

const indexPatches = [
  {
    name: 'a failed reservation leaves the queue',
    find: `        const query = { reserve: resolve, reject }
        queries.push(query)`,
    replace: `        // ${MARKER}: a reservation rejected (its connection attempt failed) must leave the queue, or a
        // later connection is handed to it, resolves nothing, and drops out of the pool
        const query = { reserve: resolve, reject: e => (queries.remove(query), reject(e)) }
        queries.push(query)`,
  },
  {
    name: 'a closed connection reconnects for a reservation without taking it from the queue',
    find: `    queries.length && connect(c, queries.shift())
  }`,
    replace: `    // ${MARKER}: a reservation stays queued (onopen hands it the connection); shifted, it was dropped and hung for ever
    queries.length && connect(c, queries.peek().reserve ? queries.peek() : queries.shift())
  }`,
  },
  {
    name: 'reserved connection stays dead after it closed',
    find: `    move(c, reserved)
    c.reserved = () => queue.length
      ? c.execute(queue.shift())
      : move(c, reserved)
    c.reserved.release = true

    const sql = Sql(handler)
    sql.release = () => {
      c.reserved = null
      onopen(c)
    }

    return sql

    function handler(q) {
      c.queue === full`,
    replace: `    move(c, reserved)
    let lost = false // ${MARKER}: the connection closed while reserved; the pool owns it again
    c.onclose = (e) => {
      lost = true
      while (queue.length) queue.shift().reject(e)
    }
    c.reserved = () => queue.length
      ? c.execute(queue.shift())
      : move(c, reserved)
    c.reserved.release = true

    const sql = Sql(handler)
    sql.release = () => {
      if (lost)
        return
      c.onclose = null
      c.reserved = null
      onopen(c)
    }

    return sql

    function handler(q) {
      if (lost)
        return q.reject(Errors.connection('CONNECTION_CLOSED', options))
      c.queue === full`,
  },
];

function patchFile(file, patches) {
  let text = fs.readFileSync(file, 'utf8');
  let applied = 0;
  for (const patch of patches) {
    if (text.includes(patch.replace)) continue;
    const at = text.indexOf(patch.find);
    if (at === -1 || text.indexOf(patch.find, at + 1) !== -1) {
      throw new Error(`${path.relative(root, file)}: cannot apply "${patch.name}" (the code changed?). Review scripts/patch-dependencies.mjs.`);
    }
    text = text.slice(0, at) + patch.replace + text.slice(at + patch.find.length);
    applied++;
  }
  if (applied) fs.writeFileSync(file, text);
  return applied;
}

function main() {
  if (!fs.existsSync(path.join(pkgDir, 'package.json'))) return; // not installed (yet): nothing to patch
  const { version } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  if (version !== '3.4.9') {
    throw new Error(`postgres.js is ${version}, the patch is for 3.4.9: check whether upstream fixed the connection-loss crash, then update or drop scripts/patch-dependencies.mjs`);
  }
  let applied = 0;
  for (const dir of ['src', 'cjs/src', 'cf/src']) {
    const connection = path.join(pkgDir, dir, 'connection.js');
    const index = path.join(pkgDir, dir, 'index.js');
    if (!fs.existsSync(connection)) continue;
    applied += patchFile(connection, connectionPatches) + patchFile(index, indexPatches) + patchFile(path.join(pkgDir, dir, 'queue.js'), queuePatches);
  }
  console.log(applied ? `patch-dependencies: postgres.js ${version} patched (${applied} changes)` : 'patch-dependencies: postgres.js already patched');
}

try {
  main();
} catch (error) {
  console.error(`patch-dependencies: ${error.message}`);
  process.exit(1);
}
