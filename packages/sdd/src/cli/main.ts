#!/usr/bin/env node
import { processIO } from './io.js';
import { runCli } from './program.js';

// The bin entry: only wiring. Everything testable lives in program.ts (tests run it in-process).
runCli(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sdd: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
