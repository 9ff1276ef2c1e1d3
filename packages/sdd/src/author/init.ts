import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { readDefaultBranch } from '../discover/default-branch.js';
import { repositoryLayouts, type RepositoryLayouts } from '../discover/task-layouts.js';

import { choosePackageManager, readPackageManagerFacts, type PackageManager, type PackageManagerName } from '../discover/package-manager.js';
import { CONFIG_FILE, defaultConfig } from '../model/index.js';
import { SDD_VERSION } from '../version.js';
import {
  GITHUB_WORKFLOW_FILE,
  GITLAB_INCLUDE,
  GITLAB_JOB_FILE,
  GITLAB_PIPELINE_FILE,
  githubWorkflow,
  gitlabJob,
  gitlabPipeline,
} from './ci-templates.js';
import { renderConfigTemplate } from './config-template.js';
import { provenanceTemplate, specTemplate } from './templates.js';
import { processEnvironment } from '../git-env.js';

/**
 * `sdd init` as a library call: the files a repository needs to start (the
 * configuration, the two templates, a CI recipe), planned and never
 * written; the CLI decides what to write.
 */

export type CiProvider = 'github' | 'gitlab' | 'none';

interface InitOptions {
  root: string;
  ci: CiProvider;
  /** `--package-manager`: overrides what the repository's files say. */
  packageManager?: PackageManagerName;
}

export interface InitFile {
  /** Repository-relative path. */
  file: string;
  text: string;
  /**
   * Written only where no such file exists, even with `--force` (GitLab's
   * `.gitlab-ci.yml`: the repository's whole pipeline is not sdd's to replace).
   */
  onlyIfAbsent?: { otherwise: string };
}

interface InitPlan {
  files: InitFile[];
  packageManager: PackageManager;
  /** The command to run next. */
  next: string;
  /** The spec-kit and OpenSpec layouts found, one line each (`spec-kit: 3 features under specs/`). */
  found: string[];
}

/** The repository's files as git lists them (tracked and untracked, not ignored); none outside git. */
async function repositoryFiles(root: string): Promise<string[]> {
  try {
    const { stdout } = await promisify(execFile)('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, maxBuffer: 256 * 1024 * 1024, env: processEnvironment() });
    return stdout.split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** What init found, for the user to read. */
function describeLayouts(layouts: RepositoryLayouts): string[] {
  return [
    ...layouts.specKit.map((one) => `spec-kit: ${one.features.length} feature${one.features.length === 1 ? '' : 's'} under ${one.root}/`),
    ...layouts.openSpec.map((one) => `OpenSpec: ${one.changes.length} active and ${one.archived.length} archived change${one.archived.length === 1 ? '' : 's'} under ${one.root}/`),
  ];
}

/**
 * A live `tasks:` block when the layouts sit where the defaults do not look
 * (`apps/web/specs`, `docs/openspec`); none when the defaults find them.
 */
function tasksBlock(layouts: RepositoryLayouts): string {
  const specKit = layouts.specKit.map((one) => one.root);
  const openSpec = layouts.openSpec.map((one) => one.root);
  const defaults = defaultConfig().tasks;
  const covered = (found: string[], known: string[]) => found.every((root) => known.includes(root));
  if (covered(specKit, defaults.specKit) && covered(openSpec, defaults.openSpec)) return '';
  return [
    '',
    '# Found by sdd init: the task lists of this repository are read from these folders.',
    'tasks:',
    `  specKit: ${JSON.stringify(specKit.length > 0 ? specKit : defaults.specKit)}`,
    `  openSpec: ${JSON.stringify(openSpec.length > 0 ? openSpec : defaults.openSpec)}`,
    '',
  ].join('\n');
}

export async function planInit(options: InitOptions): Promise<InitPlan> {
  const [facts, branch, paths] = await Promise.all([readPackageManagerFacts(options.root), readDefaultBranch(options.root), repositoryFiles(options.root)]);
  const layouts = repositoryLayouts(paths);
  // The configuration init writes keeps the default folders: its templates go there.
  const { specs, provenance } = defaultConfig();
  const folders = { specs, provenance };
  const packageManager = choosePackageManager(facts, options.packageManager, SDD_VERSION);
  const setting = { run: packageManager.run, ...folders };
  const files: InitFile[] = [
    { file: CONFIG_FILE, text: renderConfigTemplate({ runner: packageManager.run, allowExample: packageManager.test }) + tasksBlock(layouts) },
    { file: path.posix.join(specs, 'template.md'), text: specTemplate(setting) },
    { file: path.posix.join(provenance, 'template.md'), text: provenanceTemplate(setting) },
  ];
  const ci = { packageManager, branch: branch ?? 'main' };
  if (options.ci === 'github') files.push({ file: GITHUB_WORKFLOW_FILE, text: githubWorkflow(ci) });
  if (options.ci === 'gitlab') {
    files.push({ file: GITLAB_JOB_FILE, text: gitlabJob(ci) });
    files.push({
      file: GITLAB_PIPELINE_FILE,
      text: gitlabPipeline(),
      onlyIfAbsent: { otherwise: `add to ${GITLAB_PIPELINE_FILE}:\n${GITLAB_INCLUDE}` },
    });
  }
  return { files, packageManager, next: `${packageManager.run} new spec "<title of your first change>"`, found: describeLayouts(layouts) };
}
