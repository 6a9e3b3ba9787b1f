import {processContext} from './cli/context.js';
import {main} from './cli/main.js';

// Ctrl-C aborts the running command (children are killed through the signal); a second
// Ctrl-C exits at once.
const controller = new AbortController();
process.once('SIGINT', () => {
	controller.abort();
	process.once('SIGINT', () => process.exit(130));
});
await main(process.argv.slice(2), processContext(controller.signal));
