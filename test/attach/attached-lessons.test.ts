import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {openLab} from '../../src/app/open-lab.js';
import {attachPaths, readAttachment} from '../../src/attach/attachment.js';
import {createKindBackend} from '../../src/backends/kind/backend.js';
import {createAttachedRunner} from '../../src/backends/attached/runner.js';
import type {Backend} from '../../src/backends/backend.js';
import {runCommands} from '../../src/engine/step-runner.js';
import {loadCatalog} from '../../src/lessons/catalog.js';
import {statePaths} from '../../src/state/paths.js';
import {fakeStateObserver} from '../fakes/fake-observer.js';
import {ATTACH, attachedWorld, ROOT} from './attached-world.js';

let lab: ReturnType<typeof attachedWorld>;
let backend: Backend;

beforeAll(async () => {
	lab = attachedWorld();
	expect((await lab.cli(...ATTACH, '--yes')).exitCode).toBe(0);
	const paths = statePaths(lab.home);
	const attachment = await readAttachment(attachPaths(lab.home));
	if (!attachment) throw new Error('attach recorded nothing');
	const runner = await createAttachedRunner({paths, attachment, root: ROOT, env: lab.env});
	// The fakes have no API server behind them, so checks are out of reach here: only commands run.
	backend = createKindBackend({runner, observer: fakeStateObserver(path.join(lab.dir, 'no-state.json'))});
});

describe('lessons 3–10 on attached clusters, through the step runner', () => {
	it('runs every command of every step, in the lab namespace, through the tool\'s own kubeconfig', {timeout: 120_000}, async () => {
		const lessons = (await loadCatalog(path.join(ROOT, 'lessons'))).lessons.filter((l) => l.order >= 3 && l.order <= 10);
		let commands = 0;
		for (const lesson of lessons) {
			for (const step of lesson.steps) {
				let output = '';
				const {ran, stopped} = await runCommands(step.commands, {backend, onEvent: (e) => void (e.type === 'output' && (output += e.chunk.text))});
				expect(stopped, `${lesson.file} ${step.id}: ${output}`).toBeUndefined();
				commands += ran.length;
			}
		}
		expect(commands).toBeGreaterThan(40);
		const own = attachPaths(lab.home).kubeDir;
		const calls = lab.calls().filter((c) => c.tool === 'kubectl' && c.argv.includes('apply'));
		expect(calls.length).toBeGreaterThan(5);
		for (const call of lab.calls().filter((c) => c.env.KUBECONFIG !== null)) {
			expect(call.env.KUBECONFIG.startsWith(own) || call.env.KUBECONFIG.startsWith(path.join(lab.home, 'attach-'))).toBe(true);
		}
		// The policies went to the lab namespace, selecting the attached clusters by their Cilium names.
		const applied = lab.world().clusters['east-admin']!.objects as Record<string, {kind: string; name: string; clusters: string[]}[]>;
		expect(Object.keys(applied)).toEqual(['clustermesh-tutor']);
		const policy = applied['clustermesh-tutor']!.find((o) => o.name === 'x-wing-to-rebel-base');
		expect(policy?.clusters).toContain('rke2-east');
		expect(applied['clustermesh-tutor']!.flatMap((o) => o.clusters).filter((c) => c === 'koornacht' || c === 'tion')).toEqual([]);
	});

	it('refuses what the confined gate refuses, before anything runs (exit 5)', async () => {
		const before = lab.calls().length;
		let output = '';
		const result = await backend.run({command: 'kubectl delete namespace kube-system', target: 'koornacht', onOutput: (c) => void (output += c.text)});
		expect(result.exitCode).toBe(5);
		expect(output).toContain('refused');
		expect(lab.calls().length).toBe(before);
	});

	it('opens the attached clusters for every backend but the simulator, badge ATTACHED with both contexts; down deletes nothing', async () => {
		const host = {root: ROOT, cwd: lab.dir, env: lab.env, paths: statePaths(lab.home), signal: new AbortController().signal, stdout: () => {}, stderr: () => {}};
		const opened = await openLab(host, 'auto');
		expect(opened.backend.label).toBe('ATTACHED east-admin + west-admin');
		expect(opened.reason).toBe('Running on your ATTACHED koornacht → east-admin, tion → west-admin (namespace clustermesh-tutor).');
		await expect(opened.down()).rejects.toThrow('`down` deletes nothing');
		expect((await openLab(host, 'sim')).backend.label).toBe('SIMULATION');
	});

	it('verify skips a lesson that needs the tutorial\'s own lab, with that reason', async () => {
		const run = await lab.cli('verify', '--json', '--lesson', 'build-the-lab', '--lesson', 'wireguard');
		expect(run.exitCode, run.stderr).toBe(0);
		expect(run.stderr).toContain('backend: Running on your ATTACHED koornacht → east-admin, tion → west-admin');
		const report = JSON.parse(run.stdout) as {skipped: number; steps: {lesson: string; verdict: string; reason: string}[]};
		expect(report.skipped).toBe(2);
		expect(report.steps).toEqual([
			expect.objectContaining({lesson: 'build-the-lab', verdict: 'skip', reason: "needs the tutorial's own lab: it builds the two kind clusters and installs Cilium"}),
			expect.objectContaining({lesson: 'wireguard', verdict: 'skip', reason: "needs the tutorial's own lab: it upgrades Cilium to turn on WireGuard"}),
		]);
	});
});
