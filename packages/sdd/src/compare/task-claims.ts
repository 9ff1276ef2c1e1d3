import path from 'node:path';
import picomatch from 'picomatch';
import type { NamedFile, Task, TaskFileRole } from '../model/index.js';
import type { NetChange } from '../discover/record-change.js';
import { leavesRepository } from '../parse/document-paths.js';

/**
 * What a task claims about the files it names, read from its wording:
 * conservative, since a refutation is an error on someone's build. A file
 * counts as one the task changes only when the words say so (a change verb
 * before it, or "in" / "into" / "at" / "to" after one); a file the task reads,
 * imports from, leaves alone or only checks is mentioned, and mentions are
 * not judged. Pure.
 */

/** Verbs whose object is a file the task creates or modifies. */
const CHANGE_VERBS = new Set(
  (
    'add adds added adding create creates created creating implement implements implemented implementing update updates updated updating ' +
    'write writes wrote writing modify modifies modified refactor refactored fix fixes fixed register registered wire wired integrate ' +
    'integrated extend extended define defined build built introduce introduced port ported convert converted split rewrite rewrote ' +
    'edit edited change changed adjust adjusted improve improved enhance enhanced bump bumped install installed configure configured ' +
    'setup set initialize initialise initialized initialised init generate generated scaffold scaffolded migrate migrated document ' +
    'documented extract extracted expose exposed export exported replace replaced make made apply applied append appended insert inserted ' +
    'inject injected hook hooked connect connected enable enabled disable disabled support handle handled declare declared provide ' +
    'provided populate populated seed seeded refine refined tweak tweaked optimize optimise optimized optimised harden hardened simplify ' +
    'simplified clean cleaned restructure restructured reorganize reorganise upgrade upgraded downgrade pin pinned patch patched polish ' +
    'style styled translate translated localize localise author authored compose composed plug route routed map mapped wrap wrapped ' +
    'mock mocked stub stubbed emit expand expanded rework reworked redesign redesigned revise revised prepare prepared introduce include ' +
    'included attach attached embed embedded bootstrap ' +
    // Portuguese and Spanish (spec-kit and OpenSpec write task lists in the user's language).
    'criar crie cria crear cree implementar implemente implementa adicionar adicione agregar agregue añadir anadir atualizar atualize ' +
    'actualizar actualice escrever escreva escribir configurar configure corrigir corrija corregir refatorar refactorizar registrar ' +
    'integrar definir defina gerar gere generar documentar migrar extrair extraer modificar modifique alterar'
  ).split(' '),
);
/** Verbs whose direct object is a file the task deletes. */
const REMOVE_VERBS = new Set('delete deletes deleted remove removes removed drop dropped purge purged remover remova eliminar elimine excluir exclua borrar apagar'.split(' '));
/** Verbs whose direct object is a file that moves away. */
const MOVE_VERBS = new Set('move moved rename renamed relocate relocated'.split(' '));
/** Verbs of a task that only looks: what it names, it does not change. */
const CHECK_VERBS = new Set(
  (
    'verify verified validate validated run ran execute executed test tested review reviewed confirm confirmed ensure ensured check checked ' +
    'read investigate investigated research researched analyze analyse analyzed analysed audit audited inspect inspected examine examined ' +
    'evaluate evaluated assess assessed measure measured benchmark benchmarked profile profiled explore explored study identify identified ' +
    'locate located find found search look consider decide discuss compare compared trace traced understand reproduce observe monitor ' +
    'commit committed push pushed merge merged open deploy deployed release released publish published tag tagged archive archived demo ' +
    'smoke-test try perform performed double-check verificar verifique validar valide executar execute ejecutar ejecute rodar testar ' +
    'teste probar pruebe revisar revise confirmar confirme garantir garanta asegurar'
  ).split(' '),
);
/** Words right before a path that make it something the task uses, not something it changes. */
const REFERENCE_WORDS = new Set(
  (
    'from using use uses via per see following follow follows like matching match matches mirroring mirror mirrors against reuse reusing ' +
    'reuses according similar consistent aligned relative beside alongside outside than e.g. i.e. cf. example imports importing calls calling ' +
    'reads reading loads loading'
  ).split(' '),
);
/** Words that, earlier in the clause, make a later "in `a.ts`" a reference: "via the helpers in `a.ts`" ("to use X in `a.ts`" is not one). */
const PLACE_REFERENCES = new Set('via using from per like matching mirroring against following see reusing'.split(' '));
/** `defined in`, `described in`: a participle that turns the location word into a reference. */
const REFERENCE_PARTICIPLES = new Set(
  (
    'defined described documented specified referenced listed shown found mentioned used existing exists lives lived declared stored kept ' +
    'based according similar relative consistent aligned compared identical equal analogous lost seen hidden given'
  ).split(' '),
);
/** Words that join a participle to a path: "based on", "defined in", "consistent with". */
const CONNECTORS = new Set('in into at to under inside within on with'.split(' '));
/** Words that say where a change lands. */
const LOCATION_WORDS = new Set('in into at to under inside within em en dentro'.split(' '));
/** Words skipped when looking for the word that governs a path. */
const FILLER = new Set(
  (
    'the a an new existing current its their our your this that these those each every all both corresponding appropriate relevant shared ' +
    'main root project repo repository local global file files folder folders directory directories dir module modules script scripts class ' +
    'component components page pages config configuration entry entries and or , old legacy unused obsolete deprecated stale dead generated ' +
    'temporary mock duplicate empty placeholder of'
  ).split(' '),
);

/** A task that writes tests: "Write tests for …", "Add integration tests …", "Contract test for … in tests/…", "Unit tests for …". */
const TEST_KINDS = 'unit|integration|contract|e2e|end-to-end|regression|snapshot|smoke|acceptance|component|api|ui|property[- ]based|performance|load|failing|missing|new';
const TEST_TASK = [
  // "Write tests for …", "Add unit tests …", "Add a contract test …": tests as a thing written, not "Add a step to test …".
  new RegExp(`^(?:write|add|create|implement|extend|expand|update|author|generate)\\b(?:\\s+\\S+){0,4}?\\s+(?:(?:${TEST_KINDS})\\s+tests?|tests|test cases?|test suites?|test coverage)\\b`, 'i'),
  new RegExp(`^(?:${TEST_KINDS})\\s+tests?\\b`, 'i'),
  /^tests?\s+(?:for|of|covering)\b/i,
];

export function isTestTask(text: string): boolean {
  const body = withoutLabel(text);
  return TEST_TASK.some((pattern) => pattern.test(body));
}

/**
 * Words that say a ticked task was not done after all: `N/A`, `SKIPPED`,
 * `DEFERRED`, "- not applicable", "(cancelled)", a struck-through task. Upper
 * case anywhere, or after a dash, colon or bracket in any case ("Handle
 * pending requests" is a task, "— pending" is not done).
 */
const NOT_DONE_UPPER = /\b(?:N\/A|SKIPPED|DEFERRED|PENDING|POSTPONED|WONTFIX|WON'T (?:DO|FIX)|NOT DONE|CANCELL?ED|DESCOPED|OBSOLETE|BLOCKED|NOT APPLICABLE|NOT IMPLEMENTED)\b/;
const NOT_DONE_AFTER_MARK =
  /(?:\s[-—–]\s*|[:([]\s*)(n\/a|not applicable|skip(?:ped)?|deferred|defer(?:red)? to|postponed|pending|won'?t (?:do|fix)|not done|not needed|no longer needed|out of scope|descoped|cancell?ed|obsolete|superseded|not implemented|blocked|todo)\b/i;

export function saysNotDone(task: Pick<Task, 'text' | 'markdown'>): string | null {
  const text = task.text;
  const markdown = task.markdown.trim();
  if (/^~~[\s\S]*~~$/.test(markdown) || /^\S+\s+(?:\[[^\]]*\]\s*)*~~[\s\S]*~~$/.test(markdown)) return 'struck through';
  const upper = NOT_DONE_UPPER.exec(text);
  if (upper) return upper[0];
  const marked = NOT_DONE_AFTER_MARK.exec(text);
  return marked ? (marked[1] ?? marked[0]).trim() : null;
}

/** `Backend: Implement …`, `**Setup**: Create …`: a short label before the sentence is not its verb. */
function withoutLabel(text: string): string {
  const label = /^[^:.`/]{1,30}:\s+(?=\S)/.exec(text);
  return label && label[0].trim().split(/\s+/).length <= 3 ? text.slice(label[0].length) : text;
}

type VerbKind = 'change' | 'remove' | 'move' | 'check' | 'unknown';

function kindOf(word: string): VerbKind | null {
  const lower = word.toLowerCase();
  if (REMOVE_VERBS.has(lower)) return 'remove';
  if (MOVE_VERBS.has(lower)) return 'move';
  if (CHECK_VERBS.has(lower)) return 'check';
  if (CHANGE_VERBS.has(lower)) return 'change';
  return null;
}

/** The first word of a task's text (after a short label), lower case. */
function firstWordOf(text: string): string {
  return (/^[*_\s]*([A-Za-z][A-Za-z-]*)/.exec(withoutLabel(text))?.[1] ?? '').toLowerCase();
}

/**
 * The role of each file a task names. `testFile` tells a test file by its
 * path; in a test-writing task, a named test file is judged as `test`.
 */
export function rolesOf(task: Pick<Task, 'text' | 'markdown' | 'named'>, testTask: boolean, testFile: (file: string) => boolean): TaskFileRole[] {
  const first = firstWordOf(task.text);
  const main = kindOf(first) ?? 'unknown';
  return task.named.map((file) => {
    const role = roleOf(task, file, { main, first });
    return role === 'changed' && testTask && testFile(file.path) ? 'test' : role;
  });
}

function roleOf(task: Pick<Task, 'markdown' | 'named'>, file: NamedFile, verb: { main: VerbKind; first: string }): TaskFileRole {
  const { main } = verb;
  if (saysLeftAlone(task, file)) return 'mentioned';
  // A pattern (`src/*`, `.devin/workflows/opsx-*.md`) describes files; it claims none.
  if (/[*?]/.test(file.path)) return 'mentioned';
  const next = wordAfter(task, file);
  // "`.gitignore` handling", "`AGENTS.md` files", "`.PHONY` declarations", "or `b.md`": the path names a kind of thing, or one of several.
  if (next !== null && (MODIFIED_NOUNS.has(next) || next === 'or')) return 'mentioned';
  // "Add `opsx-update.md` to the allowlist": the name is what is put somewhere else ("Update `a.ts` to use …" is not).
  if ((next === 'to' || next === 'into') && PUT_VERBS.has(verb.first) && wordsBefore(task, file).length <= 3) return 'mentioned';
  // Inside quotes a path is text the task writes ("shows \"Workflows in .clinerules/\""), not a file it claims.
  if (((task.markdown.slice(0, file.start).match(/"/g) ?? []).length % 2) === 1) return 'mentioned';
  const cjk = cjkRole(task, file);
  if (cjk !== null) return cjk;
  // `a.ts` → `b.ts`: the first is what the second replaces; renamed away by a move, else its fate is not said.
  if (/^\s*(?:→|->|=>)/.test(task.markdown.slice(file.end))) return main === 'move' ? 'removed' : 'mentioned';
  const before = wordsBefore(task, file);
  for (let index = before.length - 1; index >= 0; index--) {
    const word = before[index] as string;
    // Another path of the same list ("`a.ts` and `b.ts`") is governed by the same word.
    if (word === OTHER_PATH) continue;
    if (REFERENCE_WORDS.has(word)) {
      // "Remove X from `a.ts`", "Extract X from `a.ts`": the file is changed.
      if (word === 'from' && (main === 'remove' || /^(?:extract|strip|clean)/.test(verb.first))) return 'changed';
      return 'mentioned';
    }
    // "helpers for `x`", "tests for `x`": the task is about the file, it does not say it changes it.
    if (word === 'for' || word === 'por' || word === 'para') return 'mentioned';
    // "`a.md` or `b.md`": either may be the one; neither is claimed.
    if (word === 'or' || word === 'ou' || word === 'o') return 'mentioned';
    const previous = before[index - 1];
    // "based on", "according to", "consistent with", "defined in": the file is a reference.
    if (CONNECTORS.has(word) && previous !== undefined && REFERENCE_PARTICIPLES.has(previous)) return 'mentioned';
    if (LOCATION_WORDS.has(word)) {
      // "lost at `a.ts`", "located in `a.ts`": a participle that is no change verb makes the place a reference.
      if (previous !== undefined && previous.endsWith('ed') && kindOf(previous) !== 'change') return 'mentioned';
      // The nearest earlier verb or reference word decides: "via the helpers in `a.ts`" is a reference.
      for (let earlier = index - 1; earlier >= 0; earlier--) {
        const back = before[earlier] as string;
        if (PLACE_REFERENCES.has(back)) return 'mentioned';
        // "Contract test for X in `a`": a word that only looks ("test", "run") is not the verb here; the task's own verb decides.
        const kind = kindOf(back);
        if (kind === 'change' || kind === 'remove') return 'changed';
      }
      return main === 'check' ? 'mentioned' : 'changed';
    }
    const kind = kindOf(word);
    if (kind === 'change') return 'changed';
    if (kind === 'check') return 'mentioned';
    if (kind === 'remove') return 'removed';
    if (kind === 'move') return 'removed';
    if (FILLER.has(word)) continue;
    break;
  }
  return main === 'change' ? 'changed' : 'mentioned';
}

/** Verbs whose object is put into something else: "Add `x.md` to the allowlist", "Register `a` in …". */
const PUT_VERBS = new Set('add adds added register registers include includes append appends insert inserts copy copies list lists pass map inject'.split(' '));

/** Nouns that, right after a path, make it the name of a kind of thing: "`.gitignore` handling", "`AGENTS.md` files". */
const MODIFIED_NOUNS = new Set(
  (
    'handling support files paths path declarations declaration entries names name pattern patterns format formats parsing parser logic ' +
    'templates contents generation detection discovery location locations markers marker block blocks section sections key keys field ' +
    'fields types suffix extension extensions convention conventions frontmatter references mode flag flags option options setting ' +
    'settings variable variables structure layout schema convention filename filenames lookup resolution'
  ).split(' '),
);

/** The lower-cased word right after a path, or null. */
function wordAfter(task: Pick<Task, 'markdown'>, file: NamedFile): string | null {
  const match = /^\s+([A-Za-z][A-Za-z-]*)/.exec(task.markdown.slice(file.end));
  return match?.[1]?.toLowerCase() ?? null;
}

/**
 * Chinese and Japanese tasks have no spaces to split words at, and Japanese
 * puts the verb after its object. Within the path's clause: a negation (not
 * changed, confirmation only) or a verb that only looks makes a mention; a
 * deletion verb right before the path a removal; a verb that creates or
 * changes, before or after the path, a change. Null when the clause holds no
 * Chinese or Japanese.
 */
function cjkRole(task: Pick<Task, 'markdown'>, file: NamedFile): TaskFileRole | null {
  const before = task.markdown.slice(0, file.start).split(/[。；;：:（(）)]/).at(-1) ?? '';
  const after = task.markdown.slice(file.end).split(/[。；;，,（(）)]/)[0] ?? '';
  const clause = `${before}${after}`;
  if (!/[\u3040-\u30ff\u3400-\u9fff]/.test(clause)) return null;
  if (/不(?:要|需|用|必)?(?:修改|改动|更改|变更|动)|无需|しない|せず|変更なし|確認のみ|参照|参考|基于|根据|按照|依照|引用|参照して/.test(clause)) return 'mentioned';
  if (/(?:对|關於|关于|有关|有關|基于|参考|參考)\s*$/.test(before)) return 'mentioned';
  if (/(?:删除|移除|削除)\s*$/.test(before)) return 'removed';
  if (/验证|确认|检查|运行|执行|確認|検証|実行|チェック|テストを実行/.test(clause) && !/(?:创建|实现|编写|新增|添加|作成|実装|追加)/.test(clause)) return 'mentioned';
  if (/创建|实现|初始化|添加|增加|新增|更新|修改|编写|配置|重构|修复|集成|注册|生成|定义|作成|実装|追加|修正|生成|定義|書く|記述|設定|リファクタ|編集|変更/.test(clause)) return 'changed';
  return null;
}

/** "without modifying `a`", "do not change `a`", "`a` unchanged", "instead of `a`", "leave `a` as is". */
function saysLeftAlone(task: Pick<Task, 'markdown'>, file: NamedFile): boolean {
  const before = task.markdown.slice(Math.max(0, file.start - 60), file.start).toLowerCase();
  const after = task.markdown.slice(file.end, file.end + 40).toLowerCase();
  if (/(?:without|never|not|don't|do not|must not|mustn't|no)\s+(?:\w+\s+){0,2}(?:modify|modifying|changing|change|touch|touching|edit|editing|alter|altering|updating|update)\s+(?:the\s+|any\s+)?(?:\w+\s+)?$/.test(before)) return true;
  if (/(?:instead of|rather than|other than|except|leave|leaving|keep|keeping|untouched:?)\s+(?:the\s+)?$/.test(before)) return true;
  return /^\W{0,3}(?:unchanged|untouched|stays|remains|is not (?:changed|modified|touched)|as[- ]is|read-only|for reference|\(unchanged|\(read-only|\(reference)/.test(after);
}

/** Stands for another path the task names, among the words before a path. */
const OTHER_PATH = '⟨path⟩';

/** The lower-cased words before a path within its clause; other named paths stand as `OTHER_PATH`. */
function wordsBefore(task: Pick<Task, 'markdown' | 'named'>, file: NamedFile): string[] {
  let text = task.markdown.slice(0, file.start);
  // Other paths named earlier become one placeholder word each.
  for (const other of [...task.named].reverse()) {
    if (other.end <= file.start) text = `${text.slice(0, other.start)} ${OTHER_PATH} ${text.slice(other.end)}`;
  }
  // The clause: from the last sentence or parenthesis break.
  const clause = text.split(/(?:[.;!?](?=\s)|\s[—–-]\s|\(|\))/).at(-1) ?? text;
  return clause
    .replace(/`[^`]*`/g, ' x ')
    .replace(/[*_~[\]]/g, ' ')
    .toLowerCase()
    .split(/\s+/)
    .map((word) => (word === OTHER_PATH ? word : word.replace(/^[^\w.,]+|[^\w.]+$/g, '')))
    .filter((word) => word !== '');
}

// ---------------------------------------------------------------- where a named path is

export interface PathResolver {
  exists(file: string): boolean;
  /** Net changes of the change, by path (null without git facts). */
  changed: ReadonlyMap<string, NetChange> | null;
  /** Every path git or the working tree knows (for names written relative to a sub-project, or bare). */
  knownPaths: readonly string[];
  /** Paths a commit of the change (or its working tree) wrote; null without git facts. */
  written?: ReadonlySet<string> | null;
  /** Whether `knownPaths` is every path there is (git's facts are known): else a missing name is not judged. */
  complete: boolean;
}

interface Resolution {
  /** Null: nothing checkable (leaves the repository, ambiguous, not a file name). */
  path: string | null;
  directory: boolean;
  note: string | null;
}

/** A file name without an extension must be a known one to count: `@auth0/nextjs-auth0`, `origin/main` are not files. */
const BARE_FILES = /^(?:Dockerfile|Makefile|Jenkinsfile|Procfile|Containerfile|LICENSE|CODEOWNERS|Brewfile|Gemfile|Rakefile|Vagrantfile|Caddyfile|Justfile|Taskfile)$/;

/**
 * Where a named path is: as written from the root; else under the task list's
 * folder (spec-kit's `contracts/api.yaml`); else the one known path that ends
 * with it (`src/x.py` written for `backend/src/x.py`, a bare `user.py`),
 * preferring the ones the change touched. A path that does not exist at all is
 * returned as written (the task claims a file that is not there) when it looks
 * like a file name; otherwise it is not judged.
 */
export function resolveNamed(named: string, folders: readonly string[], resolver: PathResolver, index: SuffixIndex): Resolution {
  const directory = named.endsWith('/');
  if (leavesRepository(named)) return { path: null, directory, note: 'leaves the repository: not judged' };
  const written = path.posix.normalize(named).replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (written === '' || written === '.') return { path: null, directory, note: 'names the repository root: not judged' };
  if (/[*?]/.test(written)) return { path: written, directory: true, note: 'a glob' };
  // There when the change ended, or written by it: a path the change deleted is no candidate for a name.
  const present = (file: string) => resolver.exists(file) || resolver.written?.has(file) === true || (directory && touchedUnder(resolver, file));
  if (present(written)) return { path: written, directory, note: null };
  for (const folder of folders) {
    const local = `${folder}/${written}`;
    if (present(local)) return { path: local, directory, note: `read as ${local}` };
  }

  const candidates = index.endingWith(written, directory).filter(present);
  if (candidates.length === 1) return { path: candidates[0] as string, directory, note: `read as ${candidates[0]}` };
  if (candidates.length > 1) {
    const touched = candidates.filter((file) => resolver.changed?.has(file) === true || (directory && touchedUnder(resolver, file)));
    if (touched.length >= 1) return { path: touched[0] as string, directory, note: `read as ${touched[0]} (${candidates.length} paths end with ${written}; the change touched this one)` };
    return { path: null, directory, note: `${candidates.length} paths end with ${written}, none touched by the change: not judged` };
  }
  const last = written.split('/').at(-1) ?? '';
  // `.PHONY` is a make target; `.styles.ts`, `.images` or `.code-workspace` alone name a kind of file (or a field), and
  // `[date]-x/` or `src/models/[entity].py` a placeholder: none is a file that is not there.
  const pattern = /^\.[A-Z_]+$/.test(last) || (!written.includes('/') && last.startsWith('.')) || /\[[^\]/]*\]/.test(written);
  const looksLikeFile = !pattern && (directory || /\.[A-Za-z][A-Za-z0-9]{0,9}$/.test(last) || BARE_FILES.test(last) || last.startsWith('.'));
  if (!looksLikeFile) return { path: null, directory, note: 'names no file in the repository: not judged' };
  // Without git's list of paths, a name not found as written may stand elsewhere: sdd cannot tell.
  if (!resolver.complete) return { path: null, directory, note: 'not found as written, and without git sdd cannot look for it elsewhere: not judged' };
  return { path: written, directory, note: null };
}

function touchedUnder(resolver: PathResolver, folder: string): boolean {
  if (!resolver.changed) return false;
  for (const file of resolver.changed.keys()) if (file.startsWith(`${folder}/`)) return true;
  return false;
}

/** Known paths by their last segment, for names written relative to somewhere else. */
export interface SuffixIndex {
  endingWith(written: string, directory: boolean): string[];
}

export function suffixIndexOf(paths: readonly string[]): SuffixIndex {
  let files: Map<string, string[]> | null = null;
  let folders: Map<string, Set<string>> | null = null;
  const build = () => {
    files = new Map();
    folders = new Map();
    for (const file of paths) {
      const segments = file.split('/');
      const name = segments.at(-1) ?? file;
      files.set(name, [...(files.get(name) ?? []), file]);
      for (let end = 1; end < segments.length; end++) {
        const folder = segments.slice(0, end).join('/');
        const folderName = segments[end - 1] as string;
        const set = folders.get(folderName) ?? new Set<string>();
        set.add(folder);
        folders.set(folderName, set);
      }
    }
  };
  return {
    endingWith(written, directory) {
      if (files === null) build();
      const last = written.split('/').at(-1) ?? written;
      const pool = directory ? [...((folders as unknown as Map<string, Set<string>>).get(last) ?? [])] : ((files as unknown as Map<string, string[]>).get(last) ?? []);
      return pool.filter((candidate) => candidate === written || candidate.endsWith(`/${written}`)).sort();
    },
  };
}

/** A matcher for a list of globs (repository-relative). */
export function globMatcher(globs: readonly string[]): (file: string) => boolean {
  if (globs.length === 0) return () => false;
  const match = picomatch([...globs], { dot: true });
  return (file) => match(file);
}
