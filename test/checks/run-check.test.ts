import {describe, expect, it} from 'vitest';
import {runCheck} from '../../src/checks/run-check.js';
import {DEFAULT_PROBE, type CheckCondition} from '../../src/checks/spec.js';
import {virtualClock} from '../../src/core/clock.js';
import {scriptedObserver} from '../helpers/fake-observer.js';

const probe = (from: 'koornacht' | 'tion', expect: Extract<CheckCondition, {type: 'probe'}>['expect']): CheckCondition => ({
	type: 'probe',
	query: {...DEFAULT_PROBE, from},
	expect,
});
const timing = {budgetMs: 10_000, intervalMs: 2_000};

describe('runCheck', () => {
	it('passes at once without waiting', async () => {
		const clock = virtualClock();
		const observer = scriptedObserver({koornacht: ['KTKTKTKTKT']});
		const run = await runCheck([probe('koornacht', {kind: 'mixed'})], {observer, timing, clock});
		expect(run).toMatchObject({pass: true, attempts: 1});
		expect(clock.elapsed()).toBe(0);
	});

	it('retries while the mesh converges, then passes', async () => {
		const clock = virtualClock();
		const observer = scriptedObserver({koornacht: ['KKKKKKKKKK', 'KKKKKKKKKK', 'KTKKTKKTKK']});
		const retries: number[] = [];
		const run = await runCheck([probe('koornacht', {kind: 'mixed'})], {
			observer,
			timing,
			clock,
			onRetry: (p) => retries.push(p.retryAt - p.deadline),
		});
		expect(run).toMatchObject({pass: true, attempts: 3});
		expect(clock.elapsed()).toBe(4_000);
		expect(retries).toEqual([-8_000, -6_000]);
	});

	it('gives up after the budget and reports the last observation', async () => {
		const clock = virtualClock();
		const observer = scriptedObserver({tion: ['TTTTTTTTTT']});
		const run = await runCheck([probe('tion', {kind: 'only', cluster: 'koornacht'})], {observer, timing, clock});
		expect(run.pass).toBe(false);
		expect(run.attempts).toBe(6);
		expect(clock.elapsed()).toBe(10_000);
		expect(run.results[0]).toMatchObject({
			observed: 'Koornacht 0, Tion 10, timeouts 0, errors 0',
			expected: 'every request answered by Koornacht only',
		});
	});

	it('samples a failed mixed verdict a second time even with no budget left', async () => {
		const clock = virtualClock();
		const observer = scriptedObserver({koornacht: ['KKKKKKKKKK', 'KTKTKTKTKT']});
		const run = await runCheck([probe('koornacht', {kind: 'mixed'})], {observer, timing: {budgetMs: 0, intervalMs: 2000}, clock});
		expect(run).toMatchObject({pass: true, attempts: 2});
	});

	it('does not resample a failed "only" verdict when there is no budget', async () => {
		const observer = scriptedObserver({koornacht: ['KKKKKTKKKK', 'KKKKKKKKKK']});
		const run = await runCheck([probe('koornacht', {kind: 'only', cluster: 'koornacht'})], {
			observer,
			timing: {budgetMs: 0, intervalMs: 2000},
			clock: virtualClock(),
		});
		expect(run).toMatchObject({pass: false, attempts: 1});
		expect(observer.probeCalls).toBe(1);
	});

	it('a partial verdict is resampled once before it fails', async () => {
		const observer = scriptedObserver({koornacht: ['KKKKKKKKKK', 'KKKKKKKKKK']});
		const run = await runCheck([probe('koornacht', {kind: 'partial', cluster: 'koornacht'})], {
			observer,
			timing: {budgetMs: 0, intervalMs: 1000},
			clock: virtualClock(),
		});
		expect(run).toMatchObject({pass: false, attempts: 2});
	});

	it('needs every condition at once', async () => {
		const observer = scriptedObserver({koornacht: ['KTKTKTKTKT'], tion: ['TTTTTTTTTT']});
		const run = await runCheck([probe('koornacht', {kind: 'mixed'}), probe('tion', {kind: 'mixed'})], {
			observer,
			timing: {budgetMs: 0, intervalMs: 1000},
			clock: virtualClock(),
		});
		expect(run.pass).toBe(false);
		expect(run.results.map((r) => r.pass)).toEqual([true, false]);
	});

	it('stops when aborted', async () => {
		const controller = new AbortController();
		const observer = scriptedObserver({koornacht: ['KKKKKKKKKK']});
		const clock = virtualClock();
		const pending = runCheck([probe('koornacht', {kind: 'mixed'})], {
			observer,
			timing,
			clock,
			signal: controller.signal,
			onRetry: () => controller.abort(),
		});
		await expect(pending).rejects.toThrow();
	});
});
