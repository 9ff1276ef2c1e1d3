// One vitest project per workspace package; `pnpm test` at the root runs them all.
export default ['packages/*/vitest.config.ts', 'infra-app/vitest.config.ts'];
