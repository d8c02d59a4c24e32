import { defineConfig } from 'vitest/config';

// The real-client suites (Neovim, VS Code in a browser): slow, need `npm run build` and, for VS
// Code, the packaged .vsix. `npm run test:e2e` runs them; `npm test` does not.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
