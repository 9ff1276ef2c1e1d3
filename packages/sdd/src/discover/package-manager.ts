import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Which package manager a repository uses, and the commands that follow from
 * it: how CI installs the dependencies and how sdd is run. Read from the
 * `packageManager` field of `package.json` first (corepack's own source of
 * truth), then the lockfile; a repository without `package.json` runs sdd
 * through `npx` without installing it.
 */

export type PackageManagerName = 'npm' | 'pnpm' | 'yarn';

/** The published name of sdd's package (the command is `sdd`). */
const PACKAGE_NAME = 'sdd-provenance';

export interface PackageManager {
  /** `none`: no package.json; sdd runs from the registry with `npx`. */
  name: PackageManagerName | 'none';
  /** The command line that installs the dependencies in CI (frozen lockfile); null when there is nothing to install. */
  install: string | null;
  /** The command that runs sdd, without its arguments: `npx sdd`, `pnpm exec sdd`, `yarn sdd`. */
  run: string;
  /** The command that runs the repository's tests, for an example; null without package.json. */
  test: string | null;
  /** The cache `actions/setup-node` keeps for this package manager. */
  setupNodeCache: 'npm' | 'pnpm' | 'yarn' | null;
  /** Yarn 2 or later (Berry), or a `packageManager` field: corepack must be enabled first. */
  corepack: boolean;
  /** The `packageManager` field names a version (pnpm's setup action then needs none). */
  pinned: boolean;
  /** What decided it, for the user. */
  reason: string;
}

export interface PackageManagerFacts {
  /** File names at the repository root. */
  files: ReadonlySet<string>;
  /** The parsed `package.json`, null when there is none (or it is not JSON). */
  packageJson: { packageManager?: unknown } | null;
}

const LOCKFILES: readonly { file: string; name: PackageManagerName }[] = [
  { file: 'pnpm-lock.yaml', name: 'pnpm' },
  { file: 'yarn.lock', name: 'yarn' },
  { file: 'package-lock.json', name: 'npm' },
  { file: 'npm-shrinkwrap.json', name: 'npm' },
];

/** The package manager the facts point to; `override` (`--package-manager`) wins. Pure. */
export function choosePackageManager(facts: PackageManagerFacts, override?: PackageManagerName, version = '0.0.0'): PackageManager {
  const field = typeof facts.packageJson?.packageManager === 'string' ? facts.packageJson.packageManager : null;
  const fromField = field === null ? null : /^(npm|pnpm|yarn)@(\d+)/.exec(field);
  const lockfile = LOCKFILES.find((entry) => facts.files.has(entry.file)) ?? null;
  const berry = (fromField?.[1] === 'yarn' && Number(fromField[2]) >= 2) || facts.files.has('.yarnrc.yml');
  if (facts.packageJson === null && override === undefined) {
    return {
      name: 'none',
      install: null,
      run: `npx --yes ${PACKAGE_NAME}@${version}`,
      test: null,
      setupNodeCache: null,
      corepack: false,
      pinned: false,
      reason: 'no package.json: sdd runs with npx, without installing it',
    };
  }
  const name: PackageManagerName = override ?? (fromField?.[1] as PackageManagerName | undefined) ?? lockfile?.name ?? 'npm';
  const reason =
    override !== undefined
      ? `--package-manager ${override}`
      : fromField
        ? `package.json's packageManager field (${field})`
        : lockfile
          ? `the lockfile ${lockfile.file}`
          : 'no lockfile: npm assumed';
  const hasLockfile = lockfile !== null && lockfile.name === name;
  const pinned = fromField !== null && fromField[1] === name;
  switch (name) {
    case 'pnpm':
      return { name, install: `pnpm install${hasLockfile ? ' --frozen-lockfile' : ''}`, run: 'pnpm exec sdd', test: 'pnpm test', setupNodeCache: 'pnpm', corepack: false, pinned, reason };
    case 'yarn':
      return {
        name,
        install: `yarn install${hasLockfile ? (berry ? ' --immutable' : ' --frozen-lockfile') : ''}`,
        run: 'yarn sdd',
        test: 'yarn test',
        setupNodeCache: 'yarn',
        corepack: berry || pinned,
        pinned,
        reason,
      };
    case 'npm':
      return { name, install: hasLockfile ? 'npm ci' : 'npm install', run: 'npx sdd', test: 'npm test', setupNodeCache: 'npm', corepack: false, pinned, reason };
  }
}

/** Reads the facts at `root`: its file names and its package.json. */
export async function readPackageManagerFacts(root: string): Promise<PackageManagerFacts> {
  const files = new Set(await readdir(root).catch(() => []));
  let packageJson: PackageManagerFacts['packageJson'] = null;
  if (files.has('package.json')) {
    const text = await readFile(path.join(root, 'package.json'), 'utf8').catch(() => null);
    try {
      const parsed: unknown = text === null ? null : JSON.parse(text);
      packageJson = parsed !== null && typeof parsed === 'object' ? (parsed as { packageManager?: unknown }) : {};
    } catch {
      packageJson = {};
    }
  }
  return { files, packageJson };
}
