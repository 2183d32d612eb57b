import { isSparseCnnError } from '@sparsecnn/tensor';
import { UsageError } from './lib/args.js';
import type { CliIo } from './lib/cli-io.js';
import type { Command } from './lib/command.js';
import { classifyCommand } from './commands/classify.js';
import { convertCommand } from './commands/convert.js';
import { demoCommand } from './commands/demo.js';
import { inspectCommand } from './commands/inspect.js';
import { benchCommand } from './commands/bench.js';
import { perfCommand } from './commands/perf.js';
import { pruneCommand } from './commands/prune.js';
import { trainCommand } from './commands/train.js';

export const EXIT_OK = 0;
/** A model or data error (a SparseCnnError: bad file, missing file, unsupported layer, ...). */
export const EXIT_ERROR = 1;
/** A usage error: unknown command or flag, missing or malformed argument. */
export const EXIT_USAGE = 2;

export const COMMANDS: readonly Command[] = [classifyCommand, inspectCommand, convertCommand, perfCommand, benchCommand, demoCommand, trainCommand, pruneCommand];

export const VERSION = '0.1.0';

function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'sparsecnn: run pruned Caffe CNNs with sparse kernels (native, wasm or plain JS)',
    '',
    'Usage: sparsecnn <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also: sparsecnn <command> --help)',
    '  -v, --version  print the version',
    '',
    'Exit codes: 0 ok, 1 model or data error, 2 usage error.',
    '',
  ].join('\n');
}

/**
 * Run the CLI with `argv` (without the node and script paths). Never throws and never exits the process: returns
 * the exit code and writes everything through `io`.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  let command: Command | undefined;
  try {
    if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
      if (first === 'help' && rest[0] !== undefined) {
        const c = COMMANDS.find((x) => x.name === rest[0]);
        if (!c) throw new UsageError(`unknown command '${rest[0]}'`);
        io.out(c.help);
        return EXIT_OK;
      }
      if (first === undefined) {
        io.err(topHelp());
        return EXIT_USAGE;
      }
      io.out(topHelp());
      return EXIT_OK;
    }
    if (first === '-v' || first === '--version') {
      io.out(`${VERSION}\n`);
      return EXIT_OK;
    }
    command = COMMANDS.find((c) => c.name === first);
    if (!command) {
      throw new UsageError(first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`);
    }
    if (rest.includes('-h') || rest.includes('--help')) {
      io.out(command.help);
      return EXIT_OK;
    }
    return await command.run(rest, io);
  } catch (e) {
    return reportError(e, io, command);
  }
}

/** Print an error the way a user wants to read it and pick the exit code. */
export function reportError(e: unknown, io: CliIo, command?: Command): number {
  if (e instanceof UsageError) {
    const name = command?.name ?? e.command;
    io.err(`error: ${e.message}\n`);
    io.err(name ? `Run 'sparsecnn ${name} --help' for usage.\n` : `Run 'sparsecnn --help' for usage.\n`);
    return EXIT_USAGE;
  }
  if (isSparseCnnError(e)) {
    io.err(`error [${e.code}]: ${e.message}\n`);
    return EXIT_ERROR;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  io.err(`internal error: ${err.stack ?? err.message}\n`);
  return EXIT_ERROR;
}
