import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkg = (name: string): string => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources; the CLI tests spawn the built binary (npm test builds first).
    alias: {
      '@acm/core': pkg('core'),
      '@acm/render': pkg('render'),
      '@acm/ami': pkg('ami'),
      '@acm/ha': pkg('ha'),
      '@acm/sdk': pkg('sdk'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
