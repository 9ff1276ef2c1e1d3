import type { ReportFormat } from '../../report/options.js';
import { runValidation } from '../../run-validation.js';
import type { CliIO } from '../io.js';
import { formatFromExtension, runOptions, type ValidateFlags } from './validate.js';

/** `sdd report`: report files only, in `--format` or the format of each extension; exit 0 once they are written. */
export function reportCommand(flags: ValidateFlags, io: CliIO): Promise<number> {
  const chosen = flags.format as ReportFormat | undefined;
  return runValidation({
    ...runOptions(flags, io),
    stdout: null,
    outputs: (flags.out ?? []).map((file) => ({ file, format: chosen ?? formatFromExtension(file) })),
    verdict: 'written',
  });
}
