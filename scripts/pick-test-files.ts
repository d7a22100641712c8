// Picks `count` of the given test files at random, the same ones for the same seed (scripts/test's
// "alone" suite: TEST_ALONE_SEED replays a pick). One per line on stdout.
//   node --import tsx scripts/pick-test-files.ts <seed> <count> <file>...

/** mulberry32: a small seeded generator, so a seed picks the same files on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct files (all of them when there are fewer), in the order drawn. */
export function pickFiles(files: readonly string[], count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const pool = [...new Set(files)].sort();
  const picked: string[] = [];
  while (picked.length < count && pool.length > 0) {
    picked.push(...pool.splice(Math.floor(random() * pool.length), 1));
  }
  return picked;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [seedText, countText, ...files] = process.argv.slice(2);
  const seed = Number(seedText);
  const count = Number(countText);
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(count) || count < 0) {
    console.error('usage: pick-test-files.ts <seed: integer> <count> <file>...');
    process.exit(2);
  }
  for (const file of pickFiles(files, count, seed)) console.log(file);
}
