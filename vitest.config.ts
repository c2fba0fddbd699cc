import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    restoreMocks: true,
    // Load tests measure time: two files hammering loopback at once on a 2-core machine
    // would only measure each other.
    fileParallelism: false,
  },
});
