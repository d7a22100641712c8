// The import rules of src/ (decision 207), checked by dependency-cruiser in the test line
// (`scripts/test boundaries`, `npm run check:boundaries`). Layers, from the bottom:
//   domain (pure rules) → db, web, outbox, live, payments (I/O) → features → app.ts, main.ts
// A module may import from its own layer or below, never above; a feature reaches another
// feature only through that feature's public surface, its index.ts.
// Type-only imports count (tsPreCompilationDeps): a type import is still a dependency.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'Import cycle. Move what both sides need into a lower module (domain/, web/, db/ or src/deps.ts) ' +
        'or pass it in as a function, so that imports run one way only.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-only-domain',
      severity: 'error',
      comment:
        'src/domain is pure rules: it imports only other src/domain modules, never the database, the web ' +
        'layer, features, the outbox, live updates or payments. Pass data in instead.',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'domain-does-no-io',
      severity: 'error',
      comment:
        'src/domain does no I/O: no node:fs/net/http/child_process…, no database driver, no web framework, ' +
        'no broker, mail or payment client. Allowed packages: node:crypto and @node-rs/argon2 (computation only).',
      from: { path: '^src/domain/' },
      to: {
        dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'],
        pathNot: ['^(node:)?crypto$', '^node_modules/@node-rs/argon2/'],
      },
    },
    {
      name: 'layers-import-no-feature',
      severity: 'error',
      comment:
        'db, web, outbox, live, payments (and src/deps.ts) sit below the features and must not import one. ' +
        "Move the shared piece down (domain/, db/, web/), or let app.ts pass the feature's function in.",
      from: { path: '^src/(db|web|outbox|live|payments|domain)/|^src/deps\\.ts$' },
      to: { path: '^src/features/' },
    },
    {
      name: 'features-meet-through-index',
      severity: 'error',
      comment:
        'A feature imports another feature only through its public surface, src/features/<name>/index.ts. ' +
        'Export what is needed there (or move it below the features if several need it).',
      from: { path: '^src/features/([^/]+)/' },
      to: { path: '^src/features/([^/]+)/', pathNot: ['^src/features/$1/', '^src/features/[^/]+/index\\.ts$'] },
    },
    {
      name: 'app-meets-features-through-index',
      severity: 'error',
      comment: 'Outside the features (app.ts, main.ts), a feature is reached only through its index.ts, as from another feature.',
      from: { path: '^src/', pathNot: '^src/features/' },
      to: { path: '^src/features/[^/]+/', pathNot: '^src/features/[^/]+/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // The .js in ESM import specifiers names the .ts/.tsx file beside it.
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    exclude: { path: ['^src/web/static/'] },
  },
};
