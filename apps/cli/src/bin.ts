import { processIo } from './lib/cli-io.js';
import { main } from './main.js';

// `sparsecnn classify ... | head`: a closed pipe ends the program quietly instead of an unhandled 'error' event.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const code = await main(process.argv.slice(2), processIo());
process.exitCode = code;
