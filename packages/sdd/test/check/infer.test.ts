import { describe, expect, it } from 'vitest';
import { inferChecks, templateOf } from '../../src/check/infer.js';
import { step } from '../support/documents.js';

/** What inference makes of a step: `rule kind args` per check, or 'manual'. */
function infer(markdown: string, known: string[] = []): string[] | 'manual' {
  const checks = inferChecks(step(1, markdown), { knownPaths: new Set(known) });
  return checks ? checks.map((c) => `${c.rule} ${c.definition.kind} ${JSON.stringify(c.definition.args)}`) : 'manual';
}

describe('step templates', () => {
  it('replace code spans by numbered marks and collapse whitespace', () => {
    expect(templateOf('`a.md`  exists and contains `` x`y ``.')).toEqual({ text: '§0 exists and contains §1', spans: ['a.md', 'x`y'] });
  });
});

describe('inference: forms it understands', () => {
  it.each([
    ['This spec has been saved to `.sdd/specification/spec-0001-x.md`', ['spec-saved file.exists {"path":".sdd/specification/spec-0001-x.md"}']],
    ['`infra/main.tf` exists', ['exists file.exists {"path":"infra/main.tf"}']],
    [
      '`a/b.yaml` exists and contains `x: 1`',
      ['exists file.exists {"path":"a/b.yaml"}', 'contains file.contains {"path":"a/b.yaml","text":"x: 1"}'],
    ],
    [
      '`a/b.ts` exists and does NOT contain `output: \'export\'`',
      ['exists file.exists {"path":"a/b.ts"}', 'not-contains file.not-contains {"path":"a/b.ts","text":"output: \'export\'"}'],
    ],
    ['`a/page.tsx` exists and references `NEXT_PUBLIC_SHA`', ['exists file.exists {"path":"a/page.tsx"}', 'contains file.contains {"path":"a/page.tsx","text":"NEXT_PUBLIC_SHA"}']],
    [
      '`a/Dockerfile` exists, contains `node:22`, does NOT contain `nginx`, and exposes port `3000`',
      [
        'exists file.exists {"path":"a/Dockerfile"}',
        'contains file.contains {"path":"a/Dockerfile","text":"node:22"}',
        'not-contains file.not-contains {"path":"a/Dockerfile","text":"nginx"}',
        'dockerfile-expose file.contains {"path":"a/Dockerfile","pattern":"^\\\\s*EXPOSE\\\\s+(?:\\\\S+\\\\s+)*3000(?:/tcp)?\\\\s*$","flags":"mi"}',
      ],
    ],
    ['`m/vars.tf` has no `acr_name`, `github_token`', ['not-contains file.not-contains {"path":"m/vars.tf","text":"acr_name"}', 'not-contains file.not-contains {"path":"m/vars.tf","text":"github_token"}']],
    ['`m/outputs.tf` contains `a` and `b`', ['contains file.contains {"path":"m/outputs.tf","text":"a"}', 'contains file.contains {"path":"m/outputs.tf","text":"b"}']],
    ['`a/one.txt` is identical to `b/two.txt`', ['identical file.identical {"path":"a/one.txt","to":"b/two.txt"}']],
    [
      '`k8s/app/` contains exactly four files: `a.yaml`, `b.yaml`, `c.yaml` and `d.yaml`',
      ['dir-exactly dir.files {"path":"k8s/app","count":4,"exactly":["a.yaml","b.yaml","c.yaml","d.yaml"]}'],
    ],
    ['`infra/modules/keyvault/` has 4 files', ['dir-count dir.files {"path":"infra/modules/keyvault","count":4}']],
    ['`a/x.yaml`, `a/y.yaml` and `b/z.yaml` no longer exist', ['absent file.absent {"path":"a/x.yaml"}', 'absent file.absent {"path":"a/y.yaml"}', 'absent file.absent {"path":"b/z.yaml"}']],
    ['`infra/modules/compute/cloud-init.yaml` deleted', ['absent file.absent {"path":"infra/modules/compute/cloud-init.yaml"}']],
    ['`pnpm lint` passes', ['command-passes command {"run":"pnpm lint"}']],
    ['`pnpm lint` passes (if site code or markdown changed)', ['command-passes command {"run":"pnpm lint"}']],
    ['`pnpm build` passes inside `sites/hq/`', ['command-passes-in command {"run":"pnpm build","cwd":"sites/hq"}']],
    ['The provenance record exists at `.sdd/provenance/spec-0001-x.provenance.md`', ['provenance-at provenance.exists {"path":".sdd/provenance/spec-0001-x.provenance.md"}']],
    [
      'The provenance record exists at `.sdd/provenance/spec-0001-x.provenance.md` and contains all required sections',
      ['provenance-at provenance.exists {"path":".sdd/provenance/spec-0001-x.provenance.md"}', 'provenance-sections provenance.sections {}'],
    ],
    ['Provenance record exists with all required sections', ['provenance-exists provenance.exists {}', 'provenance-sections provenance.sections {}']],
    ['All files are committed together in a single commit', ['committed-together git.committed-together {}']],
    ['All files (spec, implementation, provenance) are committed together', ['committed-together git.committed-together {}']],
    ['`sites/hq/package.json` exists and contains `@auth0/nextjs-auth0` as a dependency', [
      'exists file.exists {"path":"sites/hq/package.json"}',
      'package-dependency data.path {"path":"sites/hq/package.json","query":"dependencies[\\"@auth0/nextjs-auth0\\"]","exists":true}',
    ]],
    ['`.github/workflows/deploy.yml` path trigger references `sites/hq/**`', ['workflow-path-trigger data.path {"path":".github/workflows/deploy.yml","query":"on.*.paths","contains":"sites/hq/**"}']],
    ['`AGENTS.md` contains a "CI Context" section', ['markdown-section file.contains {"path":"AGENTS.md","pattern":"^#{1,6}\\\\s+CI Context\\\\s*#*\\\\s*$","flags":"m"}']],
  ])('%s', (markdown, expected) => {
    expect(infer(markdown)).toEqual(expected);
  });
});

describe('inference: conservative', () => {
  it.each([
    // A clause it does not understand makes the whole step manual, even after an understood "exists".
    '`a/middleware.ts` exists and excludes both `api/auth` and `api/healthz` from auth requirement',
    '`k8s/deployment.yaml` references port `3000` and `envFrom` referencing `hq-auth0-secrets`',
    '`infra/variables.tf` contains `a`, `b` variables all with `sensitive = true`',
    // Adjectives before a name ("the static `Dockerfile`") change what is meant.
    '`sites/hq/public/index.html`, `nginx.conf` and the static `Dockerfile` no longer exist',
    // A parenthetical that changes the conditions of a command is not a mere "if".
    '`pnpm build` passes inside `sites/hq/` (without Auth0 env vars — build must succeed without them)',
    // A placeholder or glob is not a path.
    'This spec has been saved to `.sdd/specification/spec-NNNN-<slug>.md`',
    '`sites/**` exists',
    // "exposes port" only means EXPOSE in a Dockerfile; "as a dependency" only in package.json.
    '`k8s/service.yaml` exposes port `3000`',
    '`a/requirements.txt` contains `flask` as a dependency',
    // A command span that is not a command, and a count that does not match the names.
    '`AGENTS.md` passes',
    '`k8s/app/` contains exactly three files: `a.yaml`, `b.yaml`',
    'No existing workflow files have been modified',
    'The workflow sets up `pnpm` and `Node.js` before running Claude Code',
    '<File/directory exists with expected contents>',
    '**`a/b.md`** exists',
  ])('%s → manual', (markdown) => {
    expect(infer(markdown)).toBe('manual');
  });
});

describe('inference: bare names after a first path', () => {
  const markdown = '`sites/hq/public/index.html`, `nginx.conf` and `Dockerfile` no longer exist';

  it('places a name where exactly one candidate folder is known to have held it', () => {
    expect(infer(markdown, ['sites/hq/nginx.conf', 'sites/hq/Dockerfile', 'Dockerfile.unrelated'])).toEqual([
      'absent file.absent {"path":"sites/hq/public/index.html"}',
      'absent file.absent {"path":"sites/hq/nginx.conf"}',
      'absent file.absent {"path":"sites/hq/Dockerfile"}',
    ]);
  });

  it('stays manual when a name is unknown or known in two candidate folders', () => {
    expect(infer(markdown, ['sites/hq/nginx.conf'])).toBe('manual');
    expect(infer(markdown, ['sites/hq/nginx.conf', 'sites/hq/Dockerfile', 'sites/hq/public/Dockerfile'])).toBe('manual');
  });

  it('uses the root when the first path is at the root', () => {
    expect(infer('`index.html` and `nginx.conf` no longer exist')).toEqual(['absent file.absent {"path":"index.html"}', 'absent file.absent {"path":"nginx.conf"}']);
  });
});
