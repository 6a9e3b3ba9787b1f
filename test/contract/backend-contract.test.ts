import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll} from 'vitest';
import {createSimBackend, emptySimState, memorySimStore} from '../../src/backends/sim/index.js';
import {systemClock, virtualClock} from '../../src/core/clock.js';
import {statePaths} from '../../src/state/paths.js';
import {describeBackendContract, REPO_ROOT} from './describe-backend-contract.js';

/**
 * One contract, two backends. The simulator half runs everywhere (CI included). The kind half
 * runs only with CLUSTERMESH_TUTOR_E2E=kind, against real kind clusters built by the live
 * backend (Docker, kind, kubectl and cilium-cli needed: see `clustermesh-tutor doctor` and
 * .github/workflows/live-kind.yml); it uses $CLUSTERMESH_TUTOR_HOME (or the default state
 * folder) and leaves the lab up for `clustermesh-tutor down`.
 */

// The learner's folder: empty, so lesson paths must resolve to the installed copies.
const learnerFolder = mkdtempSync(path.join(os.tmpdir(), 'cmt-contract-'));
afterAll(() => rmSync(learnerFolder, {recursive: true, force: true}));

describeBackendContract(
	'simulator',
	async () => ({
		backend: createSimBackend({store: memorySimStore(emptySimState(20_260_521)), root: REPO_ROOT, cwd: learnerFolder}),
		clock: virtualClock(),
	}),
	{timeoutMs: 60_000},
);

const live = process.env.CLUSTERMESH_TUTOR_E2E === 'kind';

describeBackendContract(
	'live kind clusters',
	async () => {
		const {openKindBackend} = await import('../../src/backends/kind/open.js');
		const backend = await openKindBackend({
			root: REPO_ROOT,
			cwd: learnerFolder,
			env: process.env,
			paths: statePaths(),
			stdout: (text) => process.stdout.write(text),
			stderr: (text) => process.stderr.write(text),
			signal: new AbortController().signal,
		});
		return {backend, clock: systemClock};
	},
	{
		timeoutMs: 45 * 60_000,
		...(live ? {} : {skip: 'live kind half skipped: set CLUSTERMESH_TUTOR_E2E=kind on a machine with Docker, kind, kubectl and cilium-cli'}),
	},
);

/**
 * The attached half: two meshed clusters of the learner's own, with CLUSTERMESH_TUTOR_E2E=attached,
 * CLUSTERMESH_TUTOR_E2E_KUBECONFIG (the file holding both contexts) and
 * CLUSTERMESH_TUTOR_E2E_KOORNACHT / _TION (the contexts). It attaches in a throwaway state folder
 * (namespace clustermesh-tutor-e2e), runs the contract there, and leaves it for `detach`.
 */
const attachedEnv = {
	kubeconfig: process.env.CLUSTERMESH_TUTOR_E2E_KUBECONFIG ?? '',
	koornacht: process.env.CLUSTERMESH_TUTOR_E2E_KOORNACHT ?? '',
	tion: process.env.CLUSTERMESH_TUTOR_E2E_TION ?? '',
};
const attached = process.env.CLUSTERMESH_TUTOR_E2E === 'attached' && Object.values(attachedEnv).every(Boolean);

describeBackendContract(
	'attached clusters',
	async () => {
		const [{main}, {attachPaths, readAttachment}, {openAttachedBackend}] = await Promise.all([
			import('../../src/cli/main.js'),
			import('../../src/attach/attachment.js'),
			import('../../src/backends/attached/open.js'),
		]);
		const home = mkdtempSync(path.join(os.tmpdir(), 'cmt-attached-'));
		const host = {
			root: REPO_ROOT,
			cwd: learnerFolder,
			env: process.env,
			paths: statePaths(home),
			stdout: (text: string) => void process.stdout.write(text),
			stderr: (text: string) => void process.stderr.write(text),
			signal: new AbortController().signal,
		};
		let exitCode = 0;
		const argv = ['attach', '--kubeconfig', attachedEnv.kubeconfig, '--koornacht', attachedEnv.koornacht, '--tion', attachedEnv.tion, '--namespace', 'clustermesh-tutor-e2e', '--yes'];
		await main(argv, {...host, isTTY: false, setExitCode: (code) => void (exitCode = code)});
		const attachment = await readAttachment(attachPaths(home));
		if (exitCode !== 0 || !attachment) throw new Error(`attach failed (exit ${exitCode}); see its findings above`);
		return {backend: await openAttachedBackend(host, attachment), clock: systemClock};
	},
	{
		timeoutMs: 30 * 60_000,
		attached: {koornacht: attachedEnv.koornacht, tion: attachedEnv.tion},
		...(attached ? {} : {skip: 'attached half skipped: set CLUSTERMESH_TUTOR_E2E=attached, CLUSTERMESH_TUTOR_E2E_KUBECONFIG, CLUSTERMESH_TUTOR_E2E_KOORNACHT and CLUSTERMESH_TUTOR_E2E_TION'}),
	},
);
