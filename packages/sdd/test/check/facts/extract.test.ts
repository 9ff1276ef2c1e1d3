import { describe, expect, it } from 'vitest';
import { extractFacts, namesOf, tokenize } from '../../../src/check/facts/index.js';
import { factsOf } from './format.js';

describe('facts: files that exist or are gone', () => {
  it.each([
    ['`src/app.ts` exists', ['exists src/app.ts']],
    ['src/app.ts exists', ['exists src/app.ts']],
    ['`src/app.ts` is present', ['exists src/app.ts']],
    ['`src/a.ts` and `src/b.ts` exist', ['exists src/a.ts', 'exists src/b.ts']],
    ['`src/old.ts` no longer exists', ['absent src/old.ts']],
    ['`src/old.ts` was deleted', ['absent src/old.ts']],
    ['`src/old.ts` has been removed', ['absent src/old.ts']],
    ['`src/old.ts` is gone', ['absent src/old.ts']],
    ['`src/old.ts` deleted', ['absent src/old.ts']],
    ['`k8s/store/secret.yaml` does **NOT** exist (deleted)', ['absent k8s/store/secret.yaml']],
    ['`web/public/index.html`, `nginx.conf` and `Dockerfile` no longer exist', ['absent web/public/index.html', 'absent nginx.conf', 'absent Dockerfile']],
    // An adjective before a name may mean one version of the file: nothing is said about it.
    ['`web/public/index.html`, `nginx.conf` and the static `Dockerfile` no longer exist', ['absent web/public/index.html', 'absent nginx.conf']],
    ['The old `Dockerfile` no longer exists', []],
    ['Verify that `src/app.ts` exists', ['exists src/app.ts']],
    ['Make sure `src/app.ts` exists.', ['exists src/app.ts']],
  ])('%s', (markdown, expected) => {
    expect(factsOf(markdown)).toEqual(expected);
  });
});

describe('facts: names a file holds', () => {
  it.each([
    ['`src/Greeting.tsx` contains the formatGreeting function', ['exists src/Greeting.tsx', 'mentions src/Greeting.tsx formatGreeting']],
    ['Greeting.tsx contains the formatGreeting function', ['exists Greeting.tsx', 'mentions Greeting.tsx formatGreeting']],
    ['`api/route.ts` exports `GET` and `POST`', ['exists api/route.ts', 'mentions api/route.ts GET', 'mentions api/route.ts POST']],
    ['`lib/reach.ts` exists and exports `resolveReach`, `HIGH_REACH_MIN` + `isHighReach`', ['exists lib/reach.ts', 'mentions lib/reach.ts resolveReach', 'mentions lib/reach.ts HIGH_REACH_MIN', 'mentions lib/reach.ts isHighReach']],
    [
      '`k8s/app/deployment.yaml` references port `8080` and `envFrom` referencing `app-secrets`',
      ['exists k8s/app/deployment.yaml', 'mentions k8s/app/deployment.yaml 8080', 'mentions k8s/app/deployment.yaml envFrom', 'mentions k8s/app/deployment.yaml app-secrets'],
    ],
    ['`k8s/app/service.yaml` exposes port 8080', ['exists k8s/app/service.yaml', 'mentions k8s/app/service.yaml 8080']],
    ['`styles/theme.css` defines the colour #1E90FF', ['exists styles/theme.css', 'mentions styles/theme.css #1E90FF']],
    [
      '`infra/vars.tf` contains `db_password` and `api_key` variables all with `sensitive = true`',
      ['exists infra/vars.tf', 'mentions infra/vars.tf db_password', 'mentions infra/vars.tf api_key', 'mentions infra/vars.tf sensitive + true'],
    ],
    // What follows `for` is not held by the file as written (a pattern, a purpose).
    ['`infra/main.tf` contains three `azurerm_key_vault_secret` resources for `app-*`', ['exists infra/main.tf', 'mentions infra/main.tf azurerm_key_vault_secret']],
    ['`.github/workflows/ci.yml` passes `TF_VAR_app_*` in both jobs', ['exists .github/workflows/ci.yml', 'mentions .github/workflows/ci.yml TF_VAR_app_']],
    [
      '`flux/sync.yaml` exists with `dependsOn: [{name: secrets}]` and `path: ./k8s/store`',
      ['exists flux/sync.yaml', 'mentions flux/sync.yaml dependsOn + name + secrets', 'mentions flux/sync.yaml path + ./k8s/store'],
    ],
    ['`AGENTS.md` contains a "CI Context — Builder" section', ['exists AGENTS.md', 'mentions AGENTS.md CI Context — Builder']],
    ['`infra/main.tf` contains `azurerm_key_vault_secret.app_token` resource with name `app-token`', ['exists infra/main.tf', 'mentions infra/main.tf azurerm_key_vault_secret.app_token', 'mentions infra/main.tf app-token']],
    ['`api/route.ts` `SYSTEM_PROMPT` references `org/repo` and lists key locations', ['mentions api/route.ts SYSTEM_PROMPT', 'exists api/route.ts', 'mentions api/route.ts org/repo']],
    ['`app/page.tsx` imports `@auth0/nextjs-auth0`', ['exists app/page.tsx', 'mentions app/page.tsx @auth0/nextjs-auth0']],
    ['`ui/Header.tsx` renders the UserCard component', ['exists ui/Header.tsx', 'mentions ui/Header.tsx UserCard']],
    ['`ui/Header.tsx` calls process.env.API_TOKEN', ['exists ui/Header.tsx', 'mentions ui/Header.tsx process.env.API_TOKEN']],
    // Product names and plain words are prose, not names.
    ['`ui/Header.tsx` renders the GitHub logo', ['exists ui/Header.tsx']],
    ['`public/index.html` contains JavaScript', ['exists public/index.html']],
    ['`ui/Header.tsx` contains a helper function', ['exists ui/Header.tsx']],
    // A verb about behaviour needs the file, and says nothing checkable about its text.
    ['`web/middleware.ts` exists and excludes both `api/auth` and `api/healthz` from auth', ['exists web/middleware.ts']],
    ['`k8s/app/secret.yaml` exists, references `ClusterSecretStore` `vault-store`, and maps all five variables', ['exists k8s/app/secret.yaml', 'mentions k8s/app/secret.yaml ClusterSecretStore', 'mentions k8s/app/secret.yaml vault-store']],
    ['`a/b.ts` calls `fetch` without `await`', ['exists a/b.ts', 'mentions a/b.ts fetch']],
    // A choice states neither.
    ['`a/b.ts` contains `x` or `y`', ['exists a/b.ts']],
    ['`a/b.ts` exists. It exports `makeApp`', ['exists a/b.ts', 'mentions a/b.ts makeApp']],
    ['`a/b.ts` exists and `a/c.ts` exports `Thing`', ['exists a/b.ts', 'exists a/c.ts', 'mentions a/c.ts Thing']],
    ['`formatDate` is exported from `utils/date.ts`', ['exists utils/date.ts', 'mentions utils/date.ts formatDate']],
    ['The workflow has three triggers: `push` (paths `src/**`), `issue_comment`, and `workflow_dispatch`', [
      'exists the workflow', 'mentions the workflow push', 'mentions the workflow issue_comment', 'mentions the workflow workflow_dispatch',
    ]],
  ])('%s', (markdown, expected) => {
    expect(factsOf(markdown)).toEqual(expected);
  });
});

describe('facts: negations flip, doubts make none', () => {
  it.each([
    ["`web/next.config.ts` does NOT contain `output: 'export'`", ["lacks web/next.config.ts output: 'export'"]],
    ["`a/b.ts` doesn't contain `foo`", ['lacks a/b.ts foo']],
    ['`a/b.ts` does not reference `oldApi`', ['lacks a/b.ts oldApi']],
    ['`m/vars.tf` has no `acr_name`, `github_token`', ['lacks m/vars.tf acr_name', 'lacks m/vars.tf github_token']],
    ['`a/b.ts` contains no `console.log`', ['lacks a/b.ts console.log']],
    ['`a/b.ts` no longer references `legacyFn`', ['lacks a/b.ts legacyFn']],
    ['`a/b.ts` does not contain `x` or `y`', ['lacks a/b.ts x', 'lacks a/b.ts y']],
    // The negation speaks of a part of the file, not the whole: no fact.
    ['`ui/Header.tsx` contains a `<nav>` but does NOT have its own `onClick` handler', ['exists ui/Header.tsx', 'mentions ui/Header.tsx nav']],
    ['`a/b.ts` does not contain `x` in the header', []],
    ['`a/b.ts` does not not contain `x`', []],
    ['`a/b.ts` may contain `x`', []],
    ['If needed, `a/b.ts` contains `x`', []],
    ['`a/b.ts` is not used anywhere', []],
    ['No references to `demoMode` exist in any of: `ui/Header.tsx`, `api/route.ts`', ['lacks ui/Header.tsx demoMode', 'lacks api/route.ts demoMode']],
    ['`demoMode` does not appear in `ui/Header.tsx`', ['lacks ui/Header.tsx demoMode']],
    ['`demoMode` is not used in `ui/Header.tsx`', []],
    ['No file in the codebase contains the string `demoMode`', []],
  ])('%s', (markdown, expected) => {
    expect(factsOf(markdown)).toEqual(expected);
  });
});

describe('facts: files left unchanged', () => {
  it.each([
    ['`flux/sync.yaml` is unchanged from its current content', ['unchanged flux/sync.yaml']],
    ['`infra/main.tf` has NOT been modified', ['unchanged infra/main.tf']],
    ['No Terraform files were modified', ['unchanged-files **/*.tf **/*.tf.json **/*.tfvars']],
    ['No existing workflow files have been modified', ['unchanged-files .github/workflows/**']],
    ['No other Terraform files (variables, outputs, modules) were modified', ['unchanged-files other **/*.tf **/*.tf.json **/*.tfvars']],
    ['No files under `infra/` were changed', ['unchanged-files infra/**']],
    ['No UI files have been modified', []],
    ['`infra/main.tf` was modified', []],
  ])('%s', (markdown, expected) => {
    expect(factsOf(markdown)).toEqual(expected);
  });
});

describe('facts: commands', () => {
  it.each([
    ['`pnpm lint` passes', ['command pnpm lint']],
    ['pnpm lint passes', ['command pnpm lint']],
    ['npm test passes', ['command npm test']],
    ['`pnpm build` passes inside `sites/web/`', ['command pnpm build @ sites/web/']],
    ['`pnpm build` passes inside `sites/web/` (without API keys: the build must not need them)', ['command pnpm build @ sites/web/']],
    ['`pnpm lint` passes with no errors', ['command pnpm lint']],
    ['`pnpm build` completes successfully', ['command pnpm build']],
    ['`npm test` exits with code 0', ['command npm test']],
    ['`pnpm build` and `pnpm test` pass', ['command pnpm build', 'command pnpm test']],
    ['`bun test src/reach.test.ts` passes, including cases asserting the limits', ['command bun test src/reach.test.ts']],
    ['`terraform fmt -check -recursive infra/` passes (if Terraform files changed)', ['command terraform fmt -check -recursive infra/']],
    ['The report tests pass: `pnpm exec vitest run test/report`', ['command pnpm exec vitest run test/report']],
    ['`pnpm lint` fails', []],
    ['`pnpm lint` does not pass', []],
    ['`terraform fmt -check` passes on the HCL form of the stack', []],
    ['`pnpm build` passes in `web`', []],
    ['Run `pnpm test`', []],
  ])('%s', (markdown, expected) => {
    expect(factsOf(markdown)).toEqual(expected);
  });
});

describe('facts: what is not a fact', () => {
  it.each([
    'This spec has been saved to `.sdd/specification/spec-NNNN-<slug>.md`',
    '<File/directory exists with expected contents>',
    '`sites/**` exists',
    'The `claude_args` specifies `--model claude-opus-4-6`',
    'The toggle in `ui/Header.tsx` has exactly ONE click handler',
    'The workflow sets up `pnpm` and `Node.js` before running the agent',
    'Helm release is healthy after rollout',
    'Reviewer confirms the node joins the cluster',
  ])('%s', (markdown) => {
    expect(factsOf(markdown).filter((fact) => !fact.startsWith('exists'))).toEqual([]);
  });
});

describe('facts: spans', () => {
  it('quote the words each fact was read from', () => {
    const markdown = '`src/Greeting.tsx` exists and does **NOT** contain `legacyGreeting`';
    const quotes = extractFacts(markdown).map((fact) => markdown.slice(fact.span.start, fact.span.end));
    expect(quotes).toEqual(['exists', '`legacyGreeting`']);
    const [exists] = extractFacts(markdown);
    expect(exists?.kind === 'exists' && markdown.slice(exists.file.span.start, exists.file.span.end)).toBe('`src/Greeting.tsx`');
  });
});

describe('names of an item', () => {
  it.each([
    ['formatGreeting', ['formatGreeting']],
    ['node:22.22.0-alpine3.23', ['node:22.22.0-alpine3.23']],
    ["output: 'export'", ['output', 'export']],
    ['dependsOn: [{name: external-secrets}]', ['dependsOn', 'name', 'external-secrets']],
    ['<div role="switch">', ['div', 'role', 'switch']],
    ['hq-auth0-*', ['hq-auth0-']],
    ['.sdd/specification/spec-*.md', ['.sdd/specification/spec-', '.md']],
    ['spec-NNNN-<slug>.md', null],
    ['Host(\\`a.example\\`)', null],
  ])('%s', (item, expected) => {
    expect(namesOf(item)).toEqual(expected);
  });

  it('keeps a quoted string whole', () => {
    expect(namesOf('CI/CD Context — Builder', true)).toEqual(['CI/CD Context — Builder']);
    expect(namesOf('ADR-018: ...', true)).toEqual(['ADR-018:']);
  });
});

describe('tokens', () => {
  it('keep their place in the markdown and drop emphasis, links and checkboxes', () => {
    const markdown = '[x] **`a.ts`** does *not* exist; see [the docs](https://example.com/x).';
    expect(tokenize(markdown).map((t) => `${t.type}:${t.value}`)).toEqual([
      'code:a.ts', 'word:does', 'word:not', 'word:exist', 'punct:;', 'word:see', 'word:the', 'word:docs', 'punct:.',
    ]);
    for (const token of tokenize(markdown)) expect(markdown.slice(token.span.start, token.span.end)).toContain(token.type === 'code' ? `\`${token.value}\`` : token.value);
  });
});
