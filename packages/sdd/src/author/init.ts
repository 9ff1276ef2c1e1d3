import path from 'node:path';
import { readDefaultBranch } from '../discover/default-branch.js';

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

/**
 * `sdd init` as a library call: the files a repository needs to start (the
 * configuration, the two templates, a CI recipe), planned and never
 * written; the CLI decides what to write.
 */

export type CiProvider = 'github' | 'gitlab' | 'none';
export const CI_PROVIDERS: readonly CiProvider[] = ['github', 'gitlab', 'none'];

export interface InitOptions {
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

export interface InitPlan {
  files: InitFile[];
  packageManager: PackageManager;
  /** The command to run next. */
  next: string;
}

export async function planInit(options: InitOptions): Promise<InitPlan> {
  const [facts, branch] = await Promise.all([readPackageManagerFacts(options.root), readDefaultBranch(options.root)]);
  // The configuration init writes keeps the default folders: its templates go there.
  const { specs, provenance } = defaultConfig();
  const folders = { specs, provenance };
  const packageManager = choosePackageManager(facts, options.packageManager, SDD_VERSION);
  const setting = { run: packageManager.run, ...folders };
  const files: InitFile[] = [
    { file: CONFIG_FILE, text: renderConfigTemplate({ runner: packageManager.run, allowExample: packageManager.test }) },
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
  return { files, packageManager, next: `${packageManager.run} new spec "<title of your first change>"` };
}
