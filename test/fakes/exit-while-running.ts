// Test helper: starts a hanging fake tool through the runner, prints its grandchild's pid, then
// exits this process abruptly; the runner's exit hook must take the whole group down with it.
import {fakeLab} from './harness.js';

const lab = fakeLab();
void lab.runner({FAKE_HANG: '^kind get clusters'}).run({command: 'kind get clusters', target: 'lab', onOutput: () => {}});
const poll = setInterval(() => {
	const hung = lab.calls().find((c) => c.hang);
	if (!hung) return;
	clearInterval(poll);
	process.stdout.write(`${hung.grandchild}\n`);
	lab.cleanup();
	process.exit(0);
}, 50);
