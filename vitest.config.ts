import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkg = (name: string, entry = 'index.ts'): string => fileURLToPath(new URL(`./packages/${name}/src/${entry}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources; the CLI tests spawn the built binary (npm test builds first).
    // Subpaths come before their package's bare name, so that they win (each find matches exactly).
    alias: [
      { find: '@acm/core', replacement: pkg('core') },
      { find: '@acm/render', replacement: pkg('render') },
      { find: /^@acm\/ami\/simulator$/, replacement: pkg('ami', 'simulator/index.ts') },
      { find: /^@acm\/ami\/asterisk-manager$/, replacement: pkg('ami', 'asterisk-manager/index.ts') },
      { find: /^@acm\/ami$/, replacement: pkg('ami') },
      { find: '@acm/ha', replacement: pkg('ha') },
      { find: '@acm/sdk', replacement: pkg('sdk') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
