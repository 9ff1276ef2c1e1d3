import path from 'node:path';
import { fileURLToPath } from 'node:url';

export { REPO_ROOT } from '../support/corpus-material.js';
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/parse');
