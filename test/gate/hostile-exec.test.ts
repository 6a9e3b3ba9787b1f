import {mkdirSync, readFileSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {main} from '../../src/cli/main.js';
import {EXIT} from '../../src/core/exit-codes.js';
import {ownershipStore} from '../../src/backends/kind/ownership.js';
import {FAKE_BIN, fakeLab, type FakeLab} from '../fakes/harness.js';
import {HOSTILE_COMMANDS} from './hostile-corpus.js';

describe('the hostile corpus through `exec --backend kind` (logging fake tools)', () => {
	let lab: FakeLab;
	let kubeconfig: string;
	const SENTINEL = 'apiVersion: v1\nkind: Config\ncurrent-context: prod\n';
	const TEN_DAYS_AGO = new Date(Math.floor((Date.now() - 10 * 86_400_000) / 1000) * 1000);
	let env: NodeJS.ProcessEnv;

	beforeAll(async () => {
		lab = fakeLab();
		// The learner's own kubeconfig, with old timestamps: reading it would move its access time.
		kubeconfig = path.join(lab.env.HOME ?? '', '.kube', 'config');
		mkdirSync(path.dirname(kubeconfig), {recursive: true});
		writeFileSync(kubeconfig, SENTINEL);
		utimesSync(kubeconfig, TEN_DAYS_AGO, TEN_DAYS_AGO);
		// Both lab clusters are the tool's own, so only the gate stands between a command and the fakes.
		const ownership = ownershipStore(lab.paths.ownership);
		await ownership.record('koornacht', 'created');
		await ownership.record('tion', 'created');
		// `exec --backend kind` first probes `docker info` and `kind version`; answer those from a
		// shell script (two Node fakes per command would dominate the run) and hand anything else
		// to the logging fakes, so whatever got through would still be recorded.
		const probes = path.join(lab.dir, 'probes');
		mkdirSync(probes);
		const fake = (tool: string, probe: string, answer: string) =>
			writeFileSync(path.join(probes, tool), `#!/bin/sh\nif [ "$1" = ${probe} ]; then echo '${answer}'; exit 0; fi\nexec ${path.join(FAKE_BIN, tool)} "$@"\n`, {mode: 0o755});
		fake('docker', 'info', '28.2.2');
		fake('kind', 'version', 'kind v0.29.0 go1.24.2 linux/amd64');
		env = {...lab.env, PATH: `${probes}${path.delimiter}${lab.env.PATH ?? ''}`};
	});
	afterAll(() => lab.cleanup());

	it(`refuses all ${HOSTILE_COMMANDS.length} commands with exit ${EXIT.refused}; nothing foreign reaches a tool and ~/.kube/config is never touched`, {timeout: 150_000}, async () => {
		expect(HOSTILE_COMMANDS.length).toBeGreaterThanOrEqual(100);
		const queue = [...HOSTILE_COMMANDS];
		const worker = async () => {
			for (let entry = queue.shift(); entry; entry = queue.shift()) {
				let stderr = '';
				let exitCode = -1;
				await main(
					['exec', '--backend', 'kind', '--cluster', entry.target, '--', entry.command],
					lab.cliContext({env, stderr: (t) => (stderr += t), setExitCode: (code) => (exitCode = code)}),
				);
				expect(exitCode, `${entry.target}: ${entry.command}\n${stderr}`).toBe(EXIT.refused);
				expect(stderr).toMatch(/^clustermesh-tutor did not run this command: .+\n {2}instead: .+\n {2}\(the tutorial runs only commands it can check stay inside its own lab\)\n$/);
			}
		};
		await Promise.all([worker(), worker(), worker(), worker()]);
		expect(lab.calls()).toEqual([]);
		const untouched = () => {
			const stat = statSync(kubeconfig);
			expect(Math.round(stat.mtimeMs)).toBe(TEN_DAYS_AGO.getTime());
			expect(Math.round(stat.atimeMs)).toBe(TEN_DAYS_AGO.getTime());
		};
		untouched();
		// Reading it here moves its access time, so the stamps are checked first and set back after.
		expect(readFileSync(kubeconfig, 'utf8')).toBe(SENTINEL);
		utimesSync(kubeconfig, TEN_DAYS_AGO, TEN_DAYS_AGO);

		// Control: a lab command through the same path does reach the fakes, from the allowlisted environment.
		let exitCode = -1;
		await main(['exec', '--backend', 'kind', '--cluster', 'koornacht', '--', 'kubectl get pods'], lab.cliContext({env, setExitCode: (code) => (exitCode = code)}));
		expect(exitCode).not.toBe(EXIT.refused);
		expect(lab.calls().map((c) => ({tool: c.tool, argv: c.argv, env: c.env}))).toEqual([
			{tool: 'kubectl', argv: ['get', 'pods'], env: {KUBECONFIG: lab.paths.kubeconfig('koornacht'), HOME: path.join(lab.home, 'home'), steering: []}},
		]);
		untouched();
	});
});
