// Where a warm `sdd validate` spends its time: each pipeline stage timed on
// its own, in one process, from the build; plus git's log read from the
// cache (`readGitFacts` with `cacheDir`), which `discover` uses once the
// lead wires it. Prints one JSON line of milliseconds (the bench's note), or
// a table with `--table`.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/sdd/dist');
const load = (file) => import(pathToFileURL(path.join(dist, file)).href);
const [sdd, { matchRecordsToSpecs }, { readGitFacts }] = await Promise.all([load('index.js'), load('compare/document-rules.js'), load('discover/git.js')]);

const root = path.resolve(process.argv[2]);
const timings = {};
const time = async (name, work) => {
  const started = performance.now();
  const value = await work();
  timings[name] = Math.round(performance.now() - started);
  return value;
};

const workspace = await time('discover', () => sdd.discover(root));
const cacheDir = path.join(root, workspace.config.cache.dir);
await readGitFacts(root, { cacheDir });
await time('gitFromCache', () => readGitFacts(root, { cacheDir }));
const parsed = await time('parse', () => sdd.parseWorkspace(workspace, { depth: 'outline' }));
const pairs = matchRecordsToSpecs(parsed.specs, parsed.records).pairs;
await time('checks', () => sdd.runChecks({ workspace, specs: pairs }));
const result = await time('validate', () => sdd.validate({ root }));
await time('renderJson', () => sdd.render(result, 'json', {}));

if (process.argv.includes('--table')) console.table(timings);
else console.log(JSON.stringify(timings));
