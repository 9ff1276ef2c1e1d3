import type { PackageManager } from '../discover/package-manager.js';

/**
 * The CI recipes `sdd init` writes: full history (sdd compares each record
 * with the commits that made it; a shallow clone cannot tell them), the
 * package manager's install, `sdd validate` against the pull request's base,
 * the reports kept. Plain text templates: what a user reads is what runs.
 */

const REPORT_HTML = 'sdd-report.html';
const REPORT_MARKDOWN = 'sdd-report.md';
const REPORT_JUNIT = 'sdd-report.xml';

/** The Node.js major CI installs: an active LTS that meets sdd's `engines`. */
const NODE_VERSION = '22';
/** pnpm's major when `package.json` pins none (pnpm's setup action needs a version). */
const PNPM_VERSION = '10';

interface CiSetting {
  packageManager: PackageManager;
  /** The branch pushes to which are validated (the repository's default branch). */
  branch: string;
}

export const GITHUB_WORKFLOW_FILE = '.github/workflows/sdd.yml';

export function githubWorkflow({ packageManager: pm, branch }: CiSetting): string {
  const setup: string[] = [];
  if (pm.name === 'pnpm') {
    setup.push('      - uses: pnpm/action-setup@v4');
    // The action refuses a version when package.json's packageManager field names one.
    if (!pm.pinned) setup.push('        with:', `          version: ${PNPM_VERSION}`);
  }
  if (pm.corepack) setup.push('      - run: corepack enable');
  setup.push('      - uses: actions/setup-node@v4', '        with:', `          node-version: ${NODE_VERSION}`);
  if (pm.setupNodeCache !== null) setup.push(`          cache: ${pm.setupNodeCache}`);
  if (pm.install !== null) setup.push(`      - run: ${pm.install}`);
  const cache = keepsCache(pm);
  return `# sdd: checks this repository's provenance records against git and their specs' checks.
# Written by \`sdd init\`. Findings appear as annotations on the pull request, the Markdown
# report in the job's summary, the HTML report as the artifact "sdd-report".
name: sdd

on:
  pull_request:
  push:
    branches: [${yamlScalar(branch)}]

permissions:
  contents: read

jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          # Full history: sdd compares each record with the commits that made it, which a
          # shallow clone does not have.
          fetch-depth: 0
${setup.join('\n')}
${cache ? RESTORE_CACHE : ''}      - name: sdd validate
        env:
          # The pull request's base (empty on a push): the change under review is what follows it.
          BASE: \${{ github.event.pull_request.base.sha }}
        run: ${pm.run} validate \${BASE:+--base "$BASE"} --out ${REPORT_HTML} --out ${REPORT_MARKDOWN}
${cache ? SAVE_CACHE : ''}      - name: sdd report in the job summary
        if: \${{ !cancelled() }}
        run: if [ -f ${REPORT_MARKDOWN} ]; then cat ${REPORT_MARKDOWN} >> "$GITHUB_STEP_SUMMARY"; fi
      - name: keep the HTML report
        if: \${{ !cancelled() }}
        uses: actions/upload-artifact@v4
        with:
          name: sdd-report
          path: ${REPORT_HTML}
          if-no-files-found: ignore
`;
}

/**
 * Whether the install makes `node_modules`, where sdd keeps its cache by default (spec 0053): npm,
 * pnpm and Yarn 1. Yarn 2+ may use Plug'n'Play (no `node_modules`); without package.json sdd runs
 * from the registry, without a cache.
 */
function keepsCache(pm: CiSetting['packageManager']): boolean {
  return pm.install !== null && (pm.name === 'npm' || pm.name === 'pnpm' || (pm.name === 'yarn' && !pm.corepack));
}

const CACHE_PATH = 'node_modules/.cache/sdd';
const CACHE_KEY = 'sdd-${{ runner.os }}-${{ github.sha }}';

/**
 * sdd's stored results (old specs' results, the settled summary, git's log), restored after the
 * install (`npm ci` deletes `node_modules`): this branch's newest, else the base branch's.
 */
const RESTORE_CACHE = `      - name: sdd's stored results, from this branch's last run or the base branch's
        uses: actions/cache/restore@v4
        with:
          path: ${CACHE_PATH}
          key: ${CACHE_KEY}
          restore-keys: sdd-\${{ runner.os }}-
`;

/** Saved even when the gate fails: a stored result is the same whatever the run's verdict. */
const SAVE_CACHE = `      - name: keep sdd's stored results for the next run
        if: \${{ !cancelled() }}
        uses: actions/cache/save@v4
        with:
          path: ${CACHE_PATH}
          key: ${CACHE_KEY}
`;

export const GITLAB_JOB_FILE = '.gitlab/sdd.gitlab-ci.yml';
export const GITLAB_PIPELINE_FILE = '.gitlab-ci.yml';

export function gitlabJob({ packageManager: pm }: CiSetting): string {
  const script: string[] = [];
  // The node image carries corepack, which provides pnpm and yarn at the version package.json names.
  if (pm.name === 'pnpm' || pm.name === 'yarn') script.push('    - corepack enable');
  if (pm.install !== null) script.push(`    - ${pm.install}`);
  script.push(
    `    - ${pm.run} validate \${CI_MERGE_REQUEST_DIFF_BASE_SHA:+--base "$CI_MERGE_REQUEST_DIFF_BASE_SHA"} --out ${REPORT_HTML} --out ${REPORT_JUNIT}`,
  );
  return `# sdd: checks this repository's provenance records against git and their specs' checks.
# Written by \`sdd init\`; included from ${GITLAB_PIPELINE_FILE}. Each validation step shows in the
# merge request's test report, the HTML report is kept as the job's artifact.
sdd:
  image: node:${NODE_VERSION}
  variables:
    # Full history: sdd compares each record with the commits that made it, which a shallow
    # clone does not have.
    GIT_DEPTH: "0"
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
${script.join('\n')}
  artifacts:
    when: always
    paths:
      - ${REPORT_HTML}
    reports:
      junit: ${REPORT_JUNIT}
`;
}

export const GITLAB_INCLUDE = `include:\n  - local: ${GITLAB_JOB_FILE}\n`;

export function gitlabPipeline(): string {
  return `# Written by \`sdd init\`: the pipeline's jobs, from their own files.\n${GITLAB_INCLUDE}`;
}

/** A branch name as a YAML flow scalar (quoted when YAML would read it as something else). */
function yamlScalar(text: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(text) && !/^(true|false|yes|no|on|off|null|~|\d+(\.\d+)?)$/i.test(text) ? text : JSON.stringify(text);
}
