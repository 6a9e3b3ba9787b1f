import {processContext} from './cli/context.js';
import {main} from './cli/main.js';
import {handleSignals} from './cli/signals.js';

const controller = new AbortController();
handleSignals(controller);
// A reader that went away (`clustermesh-tutor lessons list | head`) is no error: stop quietly,
// as a Unix tool killed by SIGPIPE would, instead of an unhandled EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE') throw error;
		process.exit(process.exitCode ?? 0);
	});
}
await main(process.argv.slice(2), processContext(controller.signal));
