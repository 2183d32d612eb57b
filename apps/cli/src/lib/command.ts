import type { CliIo } from './cli-io.js';

/** One sub-command of `sparsecnn`. `run` returns the exit code; it throws UsageError / SparseCnnError on failure. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full --help text (ends with a newline). */
  readonly help: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
