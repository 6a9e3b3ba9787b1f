import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {kubeconfigFor} from '../../src/backends/kind/command-env.js';
import {clustersOf} from '../../src/core/lab.js';
import {checkCommand} from '../../src/gate/command-gate.js';
import {runLessonCommand} from '../../src/engine/run-command.js';
import {executePlan} from '../../src/lab/execute.js';
import {labImages, tagRef} from '../../src/images/catalog.js';
import {labPlan} from '../../src/lab/plan.js';
import {loadCatalog} from '../../src/lessons/catalog.js';
import type {LessonCommand} from '../../src/lessons/model.js';
import {fakeLab, REPO_ROOT, type FakeLab} from '../fakes/harness.js';

/** Every command a lesson shows, solves with or uses as a wrong answer, once per (target, command). */
async function lessonCommands(): Promise<LessonCommand[]> {
	const catalog = await loadCatalog(path.join(REPO_ROOT, 'lessons'));
	const all = catalog.lessons.flatMap((lesson) =>
		lesson.steps.flatMap((step) => [...step.commands, ...step.solution, ...step.wrong.flatMap((w) => w.commands)]),
	);
	const seen = new Set<string>();
	return all.filter((c) => {
		const key = `${c.target} ${c.command}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

describe('every lesson command on the live backend', () => {
	let commands: LessonCommand[] = [];
	let lab: FakeLab;
	beforeAll(async () => {
		commands = await lessonCommands();
		lab = fakeLab();
	});
	afterAll(() => lab.cleanup());

	it('there are lesson commands to check', () => {
		expect(commands.length).toBeGreaterThan(10);
	});

	it('passes the command gate for its target', () => {
		for (const command of commands) {
			const targets = command.target === 'lab' ? (['lab'] as const) : clustersOf(command.target);
			for (const target of targets) {
				const verdict = checkCommand(command.command, {target, owned: ['koornacht', 'tion'], kubeconfig: kubeconfigFor(lab.paths, target)});
				expect(verdict, `${command.target}: ${command.command}`).toEqual({ok: true});
			}
		}
	});

	it('every lab-plan command passes the command gate too, with and without a prepared archive', () => {
		const images = {folder: path.dirname(lab.paths.imageArchive), archives: ['/media/usb/lab-images.tar']};
		const clusterImages = labImages().filter((i) => i.role === 'cluster').map(tagRef);
		const plans = [
			labPlan(),
			labPlan('app', {imageArchive: lab.paths.imageArchive, clusterImages, clusterImageArchive: lab.paths.clusterImageArchive}),
			labPlan('app', {imageArchive: '/media/usb/lab-images.tar', clusterImages, clusterImageArchive: lab.paths.clusterImageArchive}),
		];
		for (const plan of plans) {
			const planCommands = plan.flatMap((task) => task.commands);
			expect(planCommands.length).toBeGreaterThan(10);
			for (const {target, command} of planCommands) {
				expect(checkCommand(command, {target, owned: ['koornacht', 'tion'], kubeconfig: kubeconfigFor(lab.paths, target), images}), `${target}: ${command}`).toEqual({ok: true});
			}
		}
		const withArchive = plans[1]!.flatMap((task) => task.commands.map((c) => c.command));
		for (const form of [/^docker load -i /, /^docker save -o /, /^kind load image-archive .* --name koornacht$/, /^kind load image-archive .* --name tion$/, /useDigest=false/, /--wait-duration 10m/]) {
			expect(withArchive.some((c) => form.test(c)), String(form)).toBe(true);
		}
	});

	// About a hundred commands, each a fake-tool process (a node start): 15 s on an idle two-core
	// machine, 45 s at load 16. The bound only catches a hang; it grows with the course, not per call.
	it("runs through the runner with the tool's kubeconfig and an explicit lab context (fake tools)", {timeout: 300_000}, async () => {
		const backend = lab.backend();
		expect((await executePlan(labPlan('mesh'), backend)).ok).toBe(true);
		const before = lab.calls().length;
		// Independent commands against the fakes: a few at a time keeps the test quick.
		const queue = [...commands];
		const worker = async () => {
			for (let command = queue.shift(); command; command = queue.shift()) {
				// Wrong answers and non-idempotent steps may fail against a built lab; what must hold is
				// that nothing is refused and every program is found (the tool itself via its PATH shim).
				let stderr = '';
				const result = await runLessonCommand(backend, command, {onOutput: (c) => (stderr += c.stream === 'stderr' ? c.text : '')});
				expect(stderr, `${command.target}: ${command.command}`).not.toContain('did not run this command');
				expect(result.exitCode, `${command.target}: ${command.command}\n${stderr}`).not.toBe(127);
			}
		};
		await Promise.all([worker(), worker(), worker(), worker()]);
		const calls = lab.calls().slice(before);
		expect(calls.length).toBeGreaterThanOrEqual(commands.length);
		// Version and listing probes (e.g. from `clustermesh-tutor doctor`) reach no cluster.
		const reachesNoCluster = (call: (typeof calls)[number]) =>
			call.tool === 'docker' ||
			(call.tool === 'kind' && ['version', 'get clusters'].some((c) => call.argv.join(' ').startsWith(c))) ||
			(call.argv.includes('version') && (call.argv.includes('--client') || call.tool === 'helm' || call.tool === 'hubble'));
		for (const call of calls) {
			// Every command starts from the allowlisted environment: a private HOME, nothing that steers a tool.
			expect(call.env.HOME, call.tool).toBe(path.join(lab.home, 'home'));
			expect(call.env.steering, call.tool).toEqual([]);
		}
		for (const call of calls.filter((c) => !reachesNoCluster(c))) {
			const kubeconfig = call.env.KUBECONFIG ?? '';
			const describe = `${call.tool} ${call.argv.join(' ')}`;
			if (kubeconfig === lab.paths.labKubeconfig) {
				expect(call.argv.some((a, i) => a === '--context' && /^kind-(koornacht|tion)$/.test(call.argv[i + 1] ?? '')), describe).toBe(true);
			} else {
				// A cluster's own kubeconfig: its only context is the lab context, and the command names none.
				expect([lab.paths.kubeconfig('koornacht'), lab.paths.kubeconfig('tion')], describe).toContain(kubeconfig);
				expect(call.argv, describe).not.toContain('--context');
			}
			for (const file of call.argv.filter((a) => a.includes('manifests/'))) expect(file, describe).toBe(path.join(REPO_ROOT, file.slice(file.indexOf('manifests/'))));
		}
	});
});
