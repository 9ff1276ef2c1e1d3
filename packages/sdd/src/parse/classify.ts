/**
 * What an inline code span in a validation step names: a repository path
 * (`infra/main.tf`, `k8s/hq/`, `sites/x/**`), a shell command (`pnpm lint`,
 * `terraform fmt -check -recursive infra/`), or neither (`output: 'export'`,
 * `@auth0/nextjs-auth0`, `"hq"`, `NEXT_PUBLIC_COMMIT_SHA`). Conservative:
 * inference builds checks from these, so a doubtful span is neither.
 */

/** Extensions that make a single word a file name (`AGENTS.md`); `hq.kevinryan.io` or `var.name` are not files. */
const FILE_EXTENSIONS = new Set([
  'md', 'mdx', 'txt', 'ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'json', 'jsonc', 'yaml', 'yml', 'toml',
  'tf', 'tfvars', 'hcl', 'sh', 'bash', 'ps1', 'py', 'go', 'rs', 'java', 'kt', 'rb', 'php', 'cs', 'c', 'h', 'cpp',
  'css', 'scss', 'html', 'htm', 'xml', 'svg', 'png', 'jpg', 'jpeg', 'gif', 'ico', 'webp', 'lock', 'conf', 'cfg',
  'ini', 'env', 'sql', 'csv', 'tsv', 'gitignore', 'dockerignore', 'npmrc', 'nvmrc', 'editorconfig', 'astro', 'vue', 'svelte',
]);

/** Files commonly named without an extension. */
const BARE_FILE_NAMES = new Set(['Dockerfile', 'Makefile', 'Jenkinsfile', 'Procfile', 'Containerfile', 'LICENSE', 'CODEOWNERS', 'Brewfile', 'Gemfile']);

/** Product names that end like a file: `Node.js` is a runtime, not a file. */
const PRODUCT_NAMES = /^(?:Node|Next|Nuxt|Vue|Express|Three|D3|Chart|Ember|Backbone|Socket\.io)\.js$/;

/** `kevinryanacr.azurecr.io/app`, `ghcr.io/org/app`: an image or URL host, not a folder. */
const HOST_SEGMENT = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:io|com|org|net|dev|app|co|ai|cloud|sh|me)$/i;

export function looksLikePath(span: string): boolean {
  const value = span.trim();
  if (value === '' || value !== span || /\s/.test(value)) return false;
  // Absolute paths and home paths leave the repository; quotes, colons, @, = … belong to code, URLs, packages.
  if (/^[/~]/.test(value) || /["'`:@=$<>{}()|;,&!?#%^\\]/.test(value)) return false;
  if (!/[a-z]/i.test(value)) return false; // 10.0.0.0/16, 1/2
  const segments = value.replace(/^\.\//, '').split('/');
  const last = segments.filter((segment) => segment !== '').at(-1) ?? '';
  if (segments.length > 1) {
    if (segments.some((segment, index) => segment === '' && index !== segments.length - 1)) return false; // a//b
    return !HOST_SEGMENT.test(segments[0] ?? '');
  }
  if (PRODUCT_NAMES.test(last)) return false;
  if (BARE_FILE_NAMES.has(last) || /^\*\.[a-z0-9]+$/i.test(last)) return true;
  const dot = last.lastIndexOf('.');
  if (dot === -1 || !/^[\w.*[\]-]+$/.test(last)) return false;
  // `.gitignore`, `.env`: a dotfile; otherwise the extension must be a file's.
  return dot === 0 || FILE_EXTENSIONS.has(last.slice(dot + 1).toLowerCase());
}

/** Programs a validation step runs: `pnpm lint`, `terraform validate`, `kubectl get nodes`. */
const PROGRAMS = new Set([
  'pnpm', 'npm', 'npx', 'yarn', 'bun', 'deno', 'node', 'tsc', 'eslint', 'prettier', 'vitest', 'jest', 'next', 'corepack',
  'git', 'gh', 'terraform', 'tofu', 'cdktf', 'kubectl', 'helm', 'kustomize', 'flux', 'docker', 'podman', 'az', 'aws',
  'gcloud', 'make', 'go', 'cargo', 'python', 'python3', 'pip', 'pip3', 'uv', 'poetry', 'bash', 'sh', 'curl', 'wget',
  'jq', 'yq', 'ls', 'cat', 'grep', 'rg', 'find', 'diff', 'openssl', 'ssh', 'pre-commit', 'sdd',
]);

export function looksLikeCommand(span: string): boolean {
  // A prompt, `sudo` and leading VAR=value assignments are not the program.
  const value = span
    .trim()
    .replace(/^\$\s+/, '')
    .replace(/^sudo\s+/, '')
    .replace(/^(?:[A-Z_][A-Z0-9_]*=\S*\s+)+/, '');
  const match = /^([a-z][a-z0-9.+-]*)\s+(\S.*)$/.exec(value);
  if (!match) return false; // a lone `pnpm` or `terraform` names the tool, it runs nothing
  const [, program = '', args = ''] = match;
  // "git access", "node version": the first argument must look like one (a subcommand, a flag, a path).
  return PROGRAMS.has(program) && /^(?:-{1,2}[\w-]|[\w./@:*[\]'"-])/.test(args) && !/^[A-Z][a-z]+\b/.test(args);
}
