// Measure: read every document, nothing else (the floor any tool pays).
import { readFile } from 'node:fs/promises';
import { documentFiles } from './documents-list.mjs';

const files = documentFiles(process.argv[2]);
let bytes = 0;
for (const file of files) bytes += (await readFile(file, 'utf8')).length;
console.log(JSON.stringify({ files: files.length, bytes }));
