/** Where the CLI writes: injectable so that tests run the CLI in-process. */
export interface CliIO {
  /** Bytes are written as they are (a replayed run: no decoding of a large report). */
  stdout: (text: string | Uint8Array) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (colours, progress). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIO(): CliIO {
  const stdout = quietOnClosedPipe(process.stdout);
  const stderr = quietOnClosedPipe(process.stderr);
  return {
    stdout: (text) => stdout(text),
    stderr: (text) => stderr(text),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * A writer to `stream` that stops writing, quietly, once its reader has gone
 * (`sdd validate | head`: EPIPE). The run goes on (report files are still
 * written) and ends with its own exit code; any other write error is thrown.
 */
export function quietOnClosedPipe(stream: NodeJS.WritableStream): (text: string | Uint8Array) => void {
  let closed = false;
  const isClosedPipe = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
  stream.on('error', (error) => {
    if (isClosedPipe(error)) closed = true;
    else throw error;
  });
  return (text) => {
    if (closed) return;
    try {
      stream.write(text);
    } catch (error) {
      if (!isClosedPipe(error)) throw error;
      closed = true;
    }
  };
}

/** Progress lines on stderr, terminal or not (a CI log shows each spec and command as it starts and ends); none with --quiet. */
export function progressLines(io: CliIO, quiet: boolean | undefined): ((message: string) => void) | undefined {
  return quiet ? undefined : (message) => io.stderr(`… ${message}\n`);
}
