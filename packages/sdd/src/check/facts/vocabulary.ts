import { looksLikePath } from '../../parse/classify.js';

/**
 * The words the fact reader knows: verbs by what they state about a file,
 * the words that flip or cloud a statement, and what makes a word in prose
 * a name a file can contain. Lists, not grammar: a word that is in none of
 * them makes its clause unclear, and an unclear clause states no fact.
 */

/** What a verb says about its subject file. */
export type VerbMeaning =
  /** The file is there (`exists`, `is present`, `was created`). */
  | 'exists'
  /** The file is gone (`is deleted`, `was removed`, `is absent`). */
  | 'gone'
  /** The file was not changed (`is unchanged`) — or, negated, a change verb (`has not been modified`). */
  | 'unchanged'
  | 'changed'
  /** The file holds the names that follow (`contains`, `exports`, `references`). */
  | 'holds'
  /** Something about the file's behaviour that sdd cannot check; positive, it still means the file exists. */
  | 'acts';

/** Verbs whose objects are names the file contains, in every form they take (contain, contains, containing). */
const HOLDS = ['contain', 'include', 'reference', 'mention', 'define', 'declare', 'export', 'import', 'render', 'call', 'invoke', 'pass', 'list', 'expose'];

/** Verbs about what a file does: they need the file, but say nothing checkable about its text. */
const ACTS = [
  'use', 'set', 'specify', 'configure', 'target', 'map', 'match', 'accept', 'apply', 'exclude', 'restrict', 'instruct', 'construct',
  'schedule', 'tolerate', 'push', 'destructure', 'handle', 'return', 'wrap', 'extend', 'implement', 'load', 'read', 'run', 'start',
  'redirect', 'validate', 'check', 'point', 'cover', 'describe', 'document', 'show', 'display', 'register', 'build', 'install', 'copy',
  'pull', 'deploy', 'trigger', 'fetch', 'send', 'emit', 'log', 'store', 'write', 'require', 'follow', 'pin', 'limit', 'enable',
  'disable', 'inject', 'mount', 'route', 'serve', 'protect', 'guard', 'wire', 'forward', 'proxy', 'allow', 'deny', 'block', 'select',
  'filter', 'generate', 'produce', 'output', 'print', 'parse', 'compute', 'create', 'add', 'update', 'remove', 'replace', 'keep',
  'provide', 'support', 'hold', 'carry', 'give', 'make', 'cause', 'depend', 'own', 'belong', 'compile', 'test', 'assert',
];

function forms(base: string): string[] {
  const third = /(?:s|x|z|ch|sh)$/.test(base) ? `${base}es` : /[^aeiou]y$/.test(base) ? `${base.slice(0, -1)}ies` : `${base}s`;
  const stem = base.endsWith('e') && !base.endsWith('ee') ? base.slice(0, -1) : /[^aeiou]y$/.test(base) ? base : base;
  const ing = /^(?:set|map|run|pin|wrap|ship|stop|log|put|get)$/.test(base) ? `${base}${base.at(-1)}ing` : `${stem}ing`;
  return [base, third, ing];
}

const VERBS = new Map<string, VerbMeaning>();
for (const base of ACTS) for (const form of forms(base)) VERBS.set(form, 'acts');
for (const base of HOLDS) for (const form of forms(base)) VERBS.set(form, 'holds');
for (const form of ['has', 'have', 'having']) VERBS.set(form, 'holds');
for (const form of ['exist', 'exists']) VERBS.set(form, 'exists');

/** Participles after `is`/`was`/`has been`: what the file went through. */
const PARTICIPLES = new Map<string, VerbMeaning>([
  ['present', 'exists'],
  ['created', 'exists'],
  ['added', 'exists'],
  ['deleted', 'gone'],
  ['removed', 'gone'],
  ['gone', 'gone'],
  ['absent', 'gone'],
  ['unchanged', 'unchanged'],
  ['untouched', 'unchanged'],
  ['modified', 'changed'],
  ['changed', 'changed'],
  ['edited', 'changed'],
  ['updated', 'changed'],
  ['touched', 'changed'],
  ['altered', 'changed'],
]);

/** Auxiliaries and adverbs that may stand between a subject and its verb without changing what it states. */
const AUXILIARIES = new Set([
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'does', 'do', 'did', 'will', 'must', 'should', 'shall',
  'can', 'still', 'already', 'also', 'now', 'only', 'both', 'all', 'each', 'then', 'correctly', 'properly', 'successfully', 'fully',
  'actually', 'indeed', 'remains', 'remain', 'stays', 'stay', 'left', 'kept', 'explicitly', 'directly',
]);

/** Words that negate the verb after them. */
const NEGATIONS = new Set(['not', 'never', "doesn't", "don't", "isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "hadn't", 'cannot', "can't", "won't", "shouldn't", "mustn't", 'no']);

/** Words that make a statement doubtful or conditional: no fact is read from it. */
const DOUBTS = new Set(['may', 'might', 'could', 'would', 'hardly', 'barely', 'rarely', 'seldom', 'neither', 'nor', 'either', 'if', 'unless', 'whether', 'maybe', 'perhaps', 'optionally', 'ideally', 'probably', 'possibly', 'likely', 'usually', 'sometimes', 'eventually']);

export function isAuxiliary(lower: string): boolean {
  return AUXILIARIES.has(lower) || (/^[a-z]{3,}ly$/.test(lower) && !VERBS.has(lower));
}

/** A word of prose (`Contains`, `NOT`, `doesn't`), as opposed to an identifier (`mapsCount`, `AA_ONLY`) that merely spells like one. */
export function isPlainWord(value: string): boolean {
  return /^(?:[A-Za-z][a-z']*|[A-Z']+)$/.test(value);
}

export function isNegation(lower: string): boolean {
  return NEGATIONS.has(lower) || lower.endsWith("n't");
}

export function isDoubt(lower: string): boolean {
  return DOUBTS.has(lower);
}

export function verbMeaning(lower: string): VerbMeaning | undefined {
  return VERBS.get(lower);
}

export function participleMeaning(lower: string): VerbMeaning | undefined {
  return PARTICIPLES.get(lower);
}

/** Words that end the direct object: what follows them is a place, a time, a condition or a purpose, not a name the file holds. */
const STOPS = new Set([
  'for', 'to', 'from', 'in', 'into', 'inside', 'on', 'onto', 'at', 'by', 'via', 'before', 'after', 'when', 'whenever', 'while', 'if',
  'unless', 'until', 'than', 'as', 'between', 'within', 'under', 'over', 'except', 'excluding', 'without', 'not', 'instead', 'rather',
  'like', 'such', 'e.g.', 'i.e.', 'where', 'which', 'whose', 'because', 'so', 'per', 'across', 'against', 'about', 'around', 'through',
  'toward', 'towards', 'behind', 'beyond', 'outside', 'upon', 'vs', 'vs.', 'versus', 'unlike', 'besides', 'plus', 'minus', 'of',
  'that', 'who', 'whom', 'since', 'during', 'among', 'along', 'beside', 'near', 'above', 'below', 'only', 'either', 'neither', 'nor',
]);

export function isStop(lower: string): boolean {
  return STOPS.has(lower);
}

/** Words between a negated verb and its object that keep the statement about the whole file. */
export const PLAIN_DETERMINERS = new Set(['a', 'an', 'the', 'any']);

/** Nouns that say what kind of thing a name is (`the formatGreeting function`, `the hq-auth0 secret`). */
export const KIND_NOUNS = new Set([
  'function', 'functions', 'method', 'methods', 'component', 'components', 'class', 'classes', 'hook', 'hooks', 'type', 'types',
  'interface', 'interfaces', 'prop', 'props', 'property', 'properties', 'variable', 'variables', 'constant', 'constants', 'const',
  'field', 'fields', 'key', 'keys', 'enum', 'module', 'modules', 'export', 'exports', 'import', 'imports', 'resource', 'resources',
  'secret', 'secrets', 'env', 'handler', 'handlers', 'route', 'routes', 'endpoint', 'endpoints', 'attribute', 'attributes', 'element',
  'elements', 'tag', 'tags', 'label', 'labels', 'value', 'values', 'setting', 'settings', 'option', 'options', 'flag', 'flags',
  'argument', 'arguments', 'parameter', 'parameters', 'package', 'packages', 'dependency', 'dependencies', 'library', 'image',
  'images', 'name', 'names', 'namespace', 'service', 'services', 'step', 'steps', 'job', 'jobs', 'action', 'actions', 'command',
  'commands', 'script', 'scripts', 'string', 'strings', 'section', 'heading', 'entry', 'entries', 'mapping', 'colour', 'color',
  'port', 'ports', 'host', 'hostname', 'domain', 'bucket', 'table', 'role', 'policy', 'volume', 'configmap', 'output', 'outputs',
  'block', 'blocks', 'rule', 'rules', 'selector', 'matcher', 'record', 'records', 'check', 'checks', 'test', 'tests', 'trigger', 'triggers',
]);

/** Product and platform names that look like identifiers but are prose (`contains JavaScript`, `GitHub login`). */
const PROSE_NAMES = new Set(
  [
    'GitHub', 'GitLab', 'BitBucket', 'JavaScript', 'TypeScript', 'CoffeeScript', 'PostgreSQL', 'MySQL', 'MongoDB', 'DevOps', 'DevSecOps',
    'YouTube', 'LinkedIn', 'WordPress', 'PowerShell', 'OAuth', 'macOS', 'iOS', 'iPadOS', 'iPhone', 'iPad', 'OpenAI', 'ChatGPT', 'DynamoDB',
    'CloudFront', 'CloudWatch', 'CloudTrail', 'CloudFlare', 'BigQuery', 'GraphQL', 'NoSQL', 'SQLite', 'MariaDB', 'RabbitMQ', 'WebSocket',
    'WebSockets', 'PyPI', 'HashiCorp', 'DockerHub', 'NodeJS', 'NextJS', 'ReactJS', 'VueJS', 'VSCode', 'IntelliJ', 'WebAssembly', 'eBay',
    'FastAPI', 'OpenAPI', 'OpenTelemetry', 'OpenShift', 'OpenTofu', 'OpenSpec', 'SpecKit', 'LangChain', 'TailwindCSS', 'DaisyUI',
  ].map((name) => name.toLowerCase()),
);

/** Kebab-case words that are English, not names. */
const PROSE_COMPOUNDS = new Set([
  'built-in', 'read-only', 'up-to-date', 'well-known', 'pre-built', 'non-root', 'multi-stage', 'two-stage', 'zero-downtime',
  'end-to-end', 'out-of-the-box', 'top-level', 'high-level', 'low-level', 'server-side', 'client-side', 'third-party', 'open-source',
  'step-by-step', 'one-off', 'follow-up', 'set-up', 'opt-in', 'opt-out', 'sign-in', 'sign-out', 'log-in', 'log-out', 'long-running',
  'pre-existing', 'non-empty', 'non-zero', 'human-readable', 'machine-readable', 'real-world', 'run-time', 'build-time', 'auto-generated',
]);

/**
 * Whether a word of prose (not a code span) is a name a file can contain:
 * an identifier in one of the forms code has (`formatGreeting`,
 * `ClusterSecretStore`, `auth0_secret`, `NEXT_PUBLIC_SHA`,
 * `azurerm_key_vault_secret.hq`, `process.env.TOKEN`), a colour
 * (`#1E90FF`), a scoped package (`@auth0/nextjs-auth0`), a file name, or a
 * kebab-case name with a digit or a kind noun beside it (`hq-auth0-secrets`).
 * Plain English words never are.
 */
export function isNameWord(word: string, besideKindNoun: boolean): boolean {
  if (PROSE_NAMES.has(word.toLowerCase()) || PROSE_COMPOUNDS.has(word.toLowerCase())) return false;
  if (/^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(word)) return true;
  if (/^@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*$/i.test(word)) return true;
  if (/^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$/.test(word)) return true; // camelCase
  if (/^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+$/.test(word)) return true; // PascalCase with two humps or more
  if (/^_*[A-Za-z][A-Za-z0-9]*(?:_+[A-Za-z0-9]+)+_*$/.test(word)) return true; // snake_case, UPPER_SNAKE
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$-]*)+$/.test(word) && (/_/.test(word) || /[a-z][A-Z]/.test(word) || /^[a-z0-9-]+(?:\.[a-z0-9-]+){2,}$/.test(word))) {
    return true; // process.env.TOKEN, azurerm_x.y, a.b.example
  }
  if (looksLikePath(word)) return true;
  if (/^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/.test(word)) return /\d/.test(word) || besideKindNoun;
  return false;
}
