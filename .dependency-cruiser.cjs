// The module boundaries the build enforces (npm run lint). docs/decisions.md, 2026-12-03, says why
// each rule is drawn where it is.
/** Test code: test files, a module's test support and its test/ folder. */
const testCode = '([.]test[.]tsx?$|/test-support[.]tsx?$|/test/)';
/** What a module lets others import: its manifest (the module's declaration, actions included) and published.ts (functions and types about its data). */
const publicFace = '^src/modules/[^/]+/(manifest|published)[.]ts$';

module.exports = {
  forbidden: [
    {
      name: 'module-internals',
      comment: 'A module imports another module only through its manifest.ts or published.ts.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/', pathNot: testCode },
      to: { path: '^src/modules/([^/]+)/', pathNot: ['^src/modules/$1/', publicFace] },
    },
    {
      name: 'module-internals-in-tests',
      comment: "Tests may also use another module's test support (fixtures), never its other internals.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/(.+[.]test[.]tsx?|test-support[.]tsx?|.+/test-support[.]tsx?|test/.+)$' },
      to: { path: '^src/modules/([^/]+)/', pathNot: ['^src/modules/$1/', publicFace, '^src/modules/[^/]+/(.+[.]test[.]tsx?|test-support[.]tsx?|.+/test-support[.]tsx?|test/.+)$'] },
    },
    {
      name: 'published-stands-alone',
      comment: "published.ts reads its own module's tables; it imports no other module, so modules that use each other never form a cycle.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/published[.]ts$' },
      to: { path: ['^src/modules/', '^src/(http|web)/'], pathNot: '^src/modules/$1/(tables|queries|schemas|model)[.]ts$' },
    },
    {
      name: 'actions-without-http',
      comment: 'Actions are called by the API, pages, CLI and jobs alike: no Fastify, no pages.',
      severity: 'error',
      from: { path: '^src/modules/.*/actions(/|\\.tsx?$)', pathNot: testCode },
      to: { path: ['^src/http/', '^src/web/', '^src/modules/.*/http/', '^node_modules/(fastify|@fastify|preact)'] },
    },
    {
      name: 'routes-without-database',
      comment:
        'Routes and pages reach data only through actions: no value import of Kysely, core/db or a queries module (row types are fine). ESLint forbids reading `.db` in the same folders.',
      severity: 'error',
      from: { path: ['^src/http/', '^src/modules/.*/http/'], pathNot: testCode },
      to: { path: ['^node_modules/kysely/', '^src/core/db/', '^src/modules/.*/queries([.]tsx?$|/)'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'core-stands-alone',
      comment: 'core/ names no module, no HTTP and no page: modules depend on core, never the reverse.',
      severity: 'error',
      from: { path: '^src/core/', pathNot: testCode },
      to: { path: ['^src/modules/', '^src/http/', '^src/web/', '^src/(app|main|manifest|modules|platform|services|cli-commands)\\.tsx?$', '^node_modules/(fastify|@fastify|preact)'] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
