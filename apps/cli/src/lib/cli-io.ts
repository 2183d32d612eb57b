/** Where a command writes. `main()` takes one so that tests can run commands in-process and read their output. */
export interface CliIo {
  /** Write to standard output (text as given; add your own newlines). */
  out(text: string): void;
  /** Write to standard error. */
  err(text: string): void;
  /** True when stderr is a terminal (progress bars are drawn only then, or with --progress). */
  readonly errIsTTY: boolean;
}

/** The process's own stdout/stderr. */
export function processIo(): CliIo {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    errIsTTY: process.stderr.isTTY === true,
  };
}

/** An in-memory CliIo for tests: everything written is collected. */
export function bufferIo(): CliIo & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    errIsTTY: false,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
