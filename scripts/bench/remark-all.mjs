// Measure: unified + remark-parse + remark-gfm on every document, in one
// process, one after another: the parser sdd uses, with nothing around it.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { documentFiles } from './documents-list.mjs';

// The parser is a dependency of packages/sdd, not of the workspace root.
const sdd = createRequire(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/sdd/package.json'));
const load = (name) => import(pathToFileURL(sdd.resolve(name)).href);
const [{ unified }, { default: remarkParse }, { default: remarkGfm }] = await Promise.all(
  ['unified', 'remark-parse', 'remark-gfm'].map(load),
);

const processor = unified().use(remarkParse).use(remarkGfm);
const files = documentFiles(process.argv[2]);
let nodes = 0;
for (const file of files) nodes += processor.parse(await readFile(file, 'utf8')).children.length;
console.log(JSON.stringify({ files: files.length, topLevelNodes: nodes }));
