#!/usr/bin/env node
import { processIO } from './io.js';
import { runCli } from './program.js';

// The bin entry: only wiring. Everything testable lives in program.ts (tests run it in-process).
runCli(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // One line: a stack trace is for sdd's developers (SDD_DEBUG=1), not for a CI log.
    const detail = error instanceof Error ? (process.env.SDD_DEBUG ? (error.stack ?? error.message) : error.message.split('\n')[0]) : String(error);
    process.stderr.write(`sdd: internal error (a bug in sdd; please report it): ${detail}\n`);
    process.exitCode = 2;
  },
);
