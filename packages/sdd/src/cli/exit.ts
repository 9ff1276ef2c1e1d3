/** The exit codes of every command: clean, findings (or a check that would change), usage or configuration error. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;
