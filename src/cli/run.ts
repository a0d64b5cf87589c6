// Process entry of the `lodestone` command (bin/lodestone.js loads the built copy).
import { runCli } from './main.js';

// `lodestone export ... | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv);
