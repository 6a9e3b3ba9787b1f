import {describe, expect, it} from 'vitest';
import type {Backend, RunRequest} from '../../src/backends/backend.js';
import {linePrefixer} from '../../src/core/text.js';
import {runLessonCommand} from '../../src/engine/run-command.js';

function recordingBackend(exitCodes: Record<string, number>): Backend & {requests: RunRequest[]} {
	const requests: RunRequest[] = [];
	return {
		kind: 'sim',
		label: 'SIMULATION',
		checkTiming: {budgetMs: 0, intervalMs: 0},
		observer: {} as Backend['observer'],
		requests,
		run: async (request) => {
			requests.push(request);
			request.onOutput({stream: 'stdout', text: `ran in ${String(request.target)}\n`});
			return {exitCode: exitCodes[String(request.target)] ?? 0, cancelled: false};
		},
	};
}

describe('runLessonCommand', () => {
	it('runs a `both` command in koornacht then tion, tagging output, and returns the first non-zero exit', async () => {
		const backend = recordingBackend({koornacht: 0, tion: 1});
		const chunks: string[] = [];
		const result = await runLessonCommand(backend, {target: 'both', command: 'kubectl get pods'}, {
			onOutput: (c) => chunks.push(`${c.cluster}:${c.text}`),
		});
		expect(backend.requests.map((r) => r.target)).toEqual(['koornacht', 'tion']);
		expect(chunks).toEqual(['koornacht:ran in koornacht\n', 'tion:ran in tion\n']);
		expect(result.exitCode).toBe(1);
	});

	it('passes single-cluster and lab targets straight through', async () => {
		const backend = recordingBackend({lab: 3});
		expect((await runLessonCommand(backend, {target: 'lab', command: 'x'}, {onOutput: () => {}})).exitCode).toBe(3);
		expect(backend.requests.map((r) => r.target)).toEqual(['lab']);
	});

	it('stops before the next cluster once cancelled', async () => {
		const controller = new AbortController();
		const backend = recordingBackend({});
		const original = backend.run;
		backend.run = async (request) => {
			const r = await original(request);
			controller.abort();
			return r;
		};
		const result = await runLessonCommand(backend, {target: 'both', command: 'x'}, {signal: controller.signal, onOutput: () => {}});
		expect(result).toEqual({exitCode: 130, cancelled: true});
		expect(backend.requests).toHaveLength(1);
	});
});

describe('linePrefixer', () => {
	it('prefixes whole lines only, even when chunks split them', () => {
		let out = '';
		const p = linePrefixer((t) => (out += t));
		p.push('[koornacht] ', 'NAME   READY\nrebel-');
		p.push('[tion] ', 'NAME\n');
		p.push('[koornacht] ', 'base 1/1\n');
		p.push('[tion] ', 'no newline');
		p.flush();
		expect(out).toBe('[koornacht] NAME   READY\n[tion] NAME\n[koornacht] rebel-base 1/1\n[tion] no newline\n');
	});
});
