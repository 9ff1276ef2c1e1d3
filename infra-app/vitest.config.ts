import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'infra-app',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
