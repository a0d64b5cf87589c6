import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Browser and server tests poll for what a busy 2-core CI machine may take seconds to show.
    expect: { poll: { timeout: 10_000, interval: 50 } },
  },
});
