import { describe, expect, it } from 'vitest';
import { looksLikeCommand, looksLikePath } from '../../src/parse/index.js';

describe('looksLikePath', () => {
  it.each([
    'infra/main.tf',
    'k8s/hq/',
    'sites/x/**',
    '.sdd/specification/spec-0001-second-k3s-node.md',
    'sites/hq-kevinryan-io/app/api/auth/[auth0]/route.ts',
    'AGENTS.md',
    'next.config.ts',
    'Dockerfile',
    '.gitignore',
    './k8s/hq-kevinryan-io',
    '.sdd/specification/spec-*.md',
    'sites/hq-kevinryan-io',
  ])('%s is a path', (span) => {
    expect(looksLikePath(span)).toBe(true);
  });

  it.each([
    "output: 'export'",
    '@auth0/nextjs-auth0',
    '"hq"',
    'NEXT_PUBLIC_COMMIT_SHA',
    'pnpm lint',
    'hq.kevinryan.io',
    'node:22.22.0-alpine3.23',
    'azurerm_public_ip.node2',
    'var.keyvault_name',
    '16.1.4',
    'Node.js',
    'anthropics/claude-code-action@v1',
    'kevinryanacr.azurecr.io/hq-kevinryan-io',
    'https://hq.kevinryan.io',
    '/api/auth/login',
    '10.0.0.0/16',
    'TF_VAR_auth0_*',
    '{{COMMIT_SHA}}',
    '',
  ])('%s is not a path', (span) => {
    expect(looksLikePath(span)).toBe(false);
  });
});

describe('looksLikeCommand', () => {
  it.each([
    'pnpm lint',
    'terraform fmt -check -recursive infra/',
    'terraform validate',
    'kubectl get nodes',
    'kubectl describe node vm-kevinryan-node2 | grep Taint',
    'pnpm --filter hq-kevinryan-io lint',
    '$ git status',
    'CI=1 pnpm build',
  ])('%s is a command', (span) => {
    expect(looksLikeCommand(span)).toBe(true);
  });

  it.each([
    'pnpm',
    'terraform',
    "output: 'export'",
    '@auth0/nextjs-auth0',
    '"hq"',
    'NEXT_PUBLIC_COMMIT_SHA',
    'infra/main.tf',
    '--model claude-opus-4-6',
    'Bash(pnpm:*)',
    'node:22.22.0-alpine3.23',
    'pnpm/action-setup@v4',
    'git Access',
  ])('%s is not a command', (span) => {
    expect(looksLikeCommand(span)).toBe(false);
  });
});
