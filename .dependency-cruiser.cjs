// Import rules for the whole repository, checked by dependency-cruiser in `npm test`'s lint
// stage (alone: `node scripts/toolchain.mjs lint:deps`). Paths in the rules are relative to
// the repository root; workspace packages (@gwm/<name>) resolve to their sources under
// packages/<name>/src, so a rule on `^packages/testkit/` also catches `import … from '@gwm/testkit'`.
// Type-only imports count like any other.

/** A service's Fastify layering: routes → plugins → lib; the src root (app.ts, main.ts,
 * options.ts) may import anything in the service, and nothing below it imports app.ts or main.ts. */
function fastifyLayers(service) {
  const src = `^services/${service}/src/`
  return [
    {
      name: `${service}-lib-imports-no-plugins-or-routes`,
      comment: `services/${service}/src/lib holds plain code: it imports neither plugins/ nor routes/.`,
      severity: 'error',
      from: { path: `${src}lib/` },
      to: { path: `${src}(plugins|routes)/` },
    },
    {
      name: `${service}-plugins-import-no-routes`,
      comment: `services/${service}/src/plugins decorate the app for the routes; they import no route.`,
      severity: 'error',
      from: { path: `${src}plugins/` },
      to: { path: `${src}routes/` },
    },
    {
      name: `${service}-layers-import-no-app-or-main`,
      comment: `Nothing under routes/, plugins/ or lib/ imports src/app.ts or src/main.ts (shared types go to src/options.ts or lib/).`,
      severity: 'error',
      from: { path: `${src}(routes|plugins|lib)/` },
      to: { path: `${src}(app|main)\\.ts$` },
    },
  ]
}

const WORKER = '^services/worker/src/'

/** A worker stage folder that may not import the given folders of the worker. */
function workerStage(stage, forbidden, why) {
  return {
    name: `worker-${stage}-imports-no-${forbidden.join('-')}`,
    comment: `services/worker/src/${stage}: ${why}`,
    severity: 'error',
    from: { path: `${WORKER}${stage}/` },
    to: { path: `${WORKER}(${forbidden.join('|')})/` },
  }
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere (type-only imports included).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'services-import-no-other-service',
      comment: 'Services never import each other; they meet only through Redis, Postgres and HTTP.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'packages-import-no-service',
      comment: 'Shared packages never import a service. The typed client\'s generator and its check build the ' +
        'gateway in-process to read the OpenAPI document it serves: the one exception.',
      severity: 'error',
      from: { path: '^packages/', pathNot: '^packages/api-client/(scripts|test)/' },
      to: { path: '^services/' },
    },
    {
      name: 'services-src-import-no-test-packages',
      comment: "@gwm/testkit and @gwm/github-sim are for tests, benchmarks and scripts, never for a service's own code.",
      severity: 'error',
      from: { path: '^services/[^/]+/src/' },
      to: { path: '^packages/(testkit|github-sim)/' },
    },
    {
      name: 'packages-src-import-no-test-packages',
      comment: "A shared package's own code does not import @gwm/testkit or @gwm/github-sim (their tests may).",
      severity: 'error',
      from: { path: '^packages/[^/]+/src/', pathNot: '^packages/(testkit|github-sim)/' },
      to: { path: '^packages/(testkit|github-sim)/' },
    },
    {
      name: 'src-imports-only-declared-packages',
      comment:
        "A service's or package's own code imports only npm packages its own package.json lists " +
        "(type-only imports included), not ones it happens to find through the root's or another " +
        "workspace's node_modules: deploy/Dockerfile installs one service's dependencies alone.",
      severity: 'error',
      from: { path: '^(services|packages)/[^/]+/src/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'no-unresolvable-imports',
      comment: 'Every import resolves (also what keeps the rules above from passing on imports they could not see).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },

    ...fastifyLayers('gateway'),
    ...fastifyLayers('ingest'),

    // The worker, in stages: inbox → store → deliver, with jobs/ (BullMQ processors) and
    // recover/ (the sweeper) on top. Root files (app.ts, main.ts, metrics.ts) may import any.
    workerStage('inbox', ['store', 'deliver', 'jobs', 'recover', 'reconcile'], 'reads the Redis inbox and hands batches on; it imports no other stage.'),
    {
      name: 'worker-inbox-imports-no-postgres',
      comment: 'services/worker/src/inbox knows nothing of Postgres: no @gwm/domain, pg or @mikro-orm/*.',
      severity: 'error',
      from: { path: `${WORKER}inbox/` },
      to: {
        path: ['^packages/domain/', '(^|/)node_modules/(pg|@mikro-orm/[^/]+)/', '^(@gwm/domain|pg|@mikro-orm/[^/]+)$'],
      },
    },
    workerStage('store', ['deliver', 'jobs', 'inbox', 'recover', 'reconcile'], 'writes deliveries and requests to Postgres; it imports no other stage.'),
    workerStage('deliver', ['store', 'jobs', 'inbox', 'recover', 'reconcile'], 'sends and settles callbacks; it imports no other stage.'),
    workerStage('jobs', ['inbox', 'recover'], 'thin BullMQ processors over store/ and deliver/.'),
    workerStage('recover', ['store', 'jobs', 'inbox'], 'the sweeper: it may import deliver/ only.'),
    workerStage('github', ['inbox', 'store', 'deliver', 'jobs', 'recover', 'reconcile'], 'the GitHub mirror (Deployments, statuses, the preview comment) on its own queue: it imports no other stage.'),
    workerStage('reconcile', ['inbox', 'jobs', 'recover'], 'the scheduled reconciliation jobs: they may use store/ and deliver/ (a reconciled delivery is stored and sent like any other).'),
    {
      name: 'worker-stages-import-no-app-or-main',
      comment: 'No stage folder imports services/worker/src/app.ts or main.ts.',
      severity: 'error',
      from: { path: `${WORKER}(inbox|store|deliver|jobs|recover|reconcile|github)/` },
      to: { path: `${WORKER}(app|main)\\.ts$` },
    },
  ],
  options: {
    // The folders to cruise are given on the command line (package.json's lint:deps).
    // node_modules is not excluded (that would hide the imports of npm packages from the rules),
    // only not followed. Our own declaration files (*.d.ts, *.d.mts: types for a JavaScript file
    // or an untyped package) hold no imports worth checking, and swc does not parse them.
    exclude: {
      path: ['^bench/results/', '^packages/console/dist/', '^\\.toolchain/', '^\\.data/', '^\\.tap/', '^(services|packages|scripts|tests|bench|deploy)/.*\\.d\\.[cm]?ts$'],
    },
    doNotFollow: { path: '(^|/)node_modules/' },
    moduleSystems: ['es6', 'cjs'],
    // TypeScript 7.0 has no compiler API for dependency-cruiser to parse with: swc does it, and
    // its parse keeps type-only imports (`import type …`), so the rules see those too.
    // (tsPreCompilationDeps is a setting of the TypeScript parser only.)
    parser: 'swc',
    // Resolve as Node does for this repository: ESM `exports` (the workspace packages' point
    // at ./src/index.ts), explicit `.ts` extensions, symlinked workspace packages followed to
    // their real paths under packages/. `types` lets type-only packages resolve too.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
}
