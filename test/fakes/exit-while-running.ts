// Test helper: starts a long command through the runner, prints the grandchild's pid, then
// exits this process abruptly; the runner's exit hook must take the whole group down with it.
import {fakeLab} from './harness.js';

const lab = fakeLab();
let printed = '';
void lab.runner().run({
	command: 'sleep 600 & echo $!; wait',
	target: 'koornacht',
	onOutput: (chunk) => {
		printed += chunk.text;
		if (printed.includes('\n')) {
			process.stdout.write(printed);
			lab.cleanup();
			process.exit(0);
		}
	},
});
