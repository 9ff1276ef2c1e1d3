import { createRequire } from 'node:module';

/** sdd's own version, from its package.json (read once, no JSON import assertion needed). */
export const SDD_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
