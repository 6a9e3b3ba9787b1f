import {processContext} from './cli/context.js';
import {main} from './cli/main.js';
import {handleSignals} from './cli/signals.js';

const controller = new AbortController();
handleSignals(controller);
await main(process.argv.slice(2), processContext(controller.signal));
