import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {beforeAll, describe, expect, it} from 'vitest';
import type {Backend, OutputChunk} from '../../src/backends/backend.js';
import {parseProbeOutput} from '../../src/checks/probe-protocol.js';
import {DEFAULT_PROBE} from '../../src/checks/spec.js';
import type {Clock} from '../../src/core/clock.js';
import {baseStage} from '../../src/engine/curriculum.js';
import {verifyLessons} from '../../src/engine/verify.js';
import {executePlan} from '../../src/lab/execute.js';
import {labPlan} from '../../src/lab/plan.js';
import {loadCatalog, type Catalog} from '../../src/lessons/catalog.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The lessons the contract covers: 3 (deploy the app) to 8 (cross-cluster policies). */
export const CONTRACT_LESSONS = {from: 3, to: 8};

export interface ContractSubject {
	readonly backend: Backend;
	/** Virtual on the simulator (nothing really waits); the system clock on live clusters. */
	readonly clock: Clock;
}

export interface ContractOptions {
	/** Per test: seconds on the simulator, many minutes on real clusters. */
	readonly timeoutMs: number;
	/** When set, the suite is listed but skipped, with this reason as the test name. */
	readonly skip?: string;
	/** Attached clusters (attach mode): they come meshed, and their contexts are the learner's. */
	readonly attached?: {readonly koornacht: string; readonly tion: string};
}

/**
 * The backend contract, the same for the simulator and live kind clusters. A fresh lab is
 * built with the lab plan up to the first covered lesson's start stage; commands run with
 * streamed output and their exit codes; the request probe yields one classified reply per
 * request; and every step of lessons 3–8 passes its check (live-only steps may be skipped).
 * The tests run in order and share one lab.
 */
export function describeBackendContract(name: string, makeSubject: () => Promise<ContractSubject>, options: ContractOptions): void {
	describe(`backend contract: ${name}`, () => {
		if (options.skip) {
			it.skip(options.skip, () => {});
			return;
		}
		let subject: ContractSubject;
		let catalog: Catalog;
		let lessonIds: string[];

		beforeAll(async () => {
			subject = await makeSubject();
			catalog = await loadCatalog(path.join(REPO_ROOT, 'lessons'));
			lessonIds = catalog.lessons.filter((l) => l.order >= CONTRACT_LESSONS.from && l.order <= CONTRACT_LESSONS.to).map((l) => l.id);
		}, options.timeoutMs);

		it('covers lessons 3 to 8', () => {
			expect(lessonIds).toHaveLength(CONTRACT_LESSONS.to - CONTRACT_LESSONS.from + 1);
		});

		(options.attached ? it.skip : it)('builds the lab with the plan, and a second run finds every task done', async () => {
			const stage = baseStage(catalog.lessons.filter((l) => lessonIds.includes(l.id)));
			expect(stage).not.toBe('none');
			const plan = labPlan(stage === 'none' ? 'clusters' : stage);
			const first = await executePlan(plan, subject.backend);
			expect(first.failures, JSON.stringify(first.failures, null, 2)).toEqual([]);
			expect(first.ok).toBe(true);
			const second = await executePlan(plan, subject.backend);
			expect([...second.skipped].sort()).toEqual(plan.map((t) => t.id).sort());
		}, options.timeoutMs);

		it('runs commands in one cluster with streamed output and the exit code', async () => {
			const chunks: OutputChunk[] = [];
			const ok = await subject.backend.run({command: 'kubectl get nodes', target: 'koornacht', onOutput: (c) => chunks.push(c)});
			expect(ok).toEqual({exitCode: 0, cancelled: false});
			const stdout = chunks.filter((c) => c.stream === 'stdout').map((c) => c.text).join('');
			if (options.attached) expect(stdout).toMatch(/\sReady\s/);
			else {
				expect(stdout).toMatch(/koornacht-control-plane\s+Ready/);
				expect(stdout).not.toMatch(/^tion-/m);
			}

			const missing: OutputChunk[] = [];
			const failed = await subject.backend.run({command: 'kubectl get deployment no-such-deployment', target: 'tion', onOutput: (c) => missing.push(c)});
			expect(failed.exitCode).not.toBe(0);
			expect(failed.cancelled).toBe(false);
			expect(missing.filter((c) => c.stream === 'stderr').map((c) => c.text).join('')).toMatch(/not ?found/i);
		}, options.timeoutMs);

		it('runs lab-wide commands against the named contexts', async () => {
			const chunks: OutputChunk[] = [];
			const result = await subject.backend.run({
				command: `kubectl --context ${options.attached?.tion ?? 'kind-tion'} get nodes -o name`,
				target: 'lab',
				onOutput: (c) => chunks.push(c),
			});
			expect(result.exitCode).toBe(0);
			expect(chunks.map((c) => c.text).join('')).toMatch(options.attached ? /^node\//m : /node\/tion-control-plane/);
		}, options.timeoutMs);

		it('passes every check of lessons 3 to 8, step by step', async () => {
			const report = await verifyLessons(catalog.lessons, subject.backend, {lessons: lessonIds, clock: subject.clock});
			const failures = report.steps.filter((s) => s.verdict === 'fail').map((s) => `${s.lesson} › ${s.step}: expected ${s.expected}; observed ${s.observed}`);
			expect(failures).toEqual([]);
			expect(report.passed).toBeGreaterThan(0);
		}, options.timeoutMs);

		it('classifies every reply of the request probe', async () => {
			const query = {...DEFAULT_PROBE, from: 'tion' as const, count: 6};
			const replies = parseProbeOutput((await subject.backend.observer.probe(query)).raw);
			expect(replies).toHaveLength(query.count);
			for (const reply of replies) {
				expect(['reply', 'timeout', 'error']).toContain(reply.outcome);
				if (reply.outcome === 'reply') expect(['koornacht', 'tion']).toContain(reply.cluster);
				if (reply.outcome === 'timeout') expect(reply.exitCode).toBe(28);
			}
		}, options.timeoutMs);
	});
}
