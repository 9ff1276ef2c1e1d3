// Measure: remark as sdd configures it (remark-parse + the GFM constructs the
// model reads, see packages/sdd/src/parse/markdown.ts) on every document, in
// one process, one after another: the first row's parser minus autolink
// literals and footnotes, with front matter read as sdd reads it (hence fewer
// top-level nodes than the row above), with nothing around it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { documentFiles } from './documents-list.mjs';

const markdown = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/sdd/dist/parse/markdown.js');
const { parseMarkdown } = await import(pathToFileURL(markdown).href);

const files = documentFiles(process.argv[2]);
let nodes = 0;
for (const file of files) nodes += parseMarkdown(file, await readFile(file, 'utf8')).root.children.length;
console.log(JSON.stringify({ files: files.length, topLevelNodes: nodes }));
