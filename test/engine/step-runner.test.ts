import {describe, expect, it} from 'vitest';
import {virtualClock} from '../../src/core/clock.js';
import {firstErrorLines, runStep, type StepAction, type StepEvent} from '../../src/engine/step-runner.js';
import {labState, simLab} from '../sim/helpers.js';
import type {LessonCommand, Step} from '../../src/lessons/model.js';
import {step} from '../helpers/lessons.js';
import {until} from '../helpers/wait.js';
import {fakeBackend, fixtureLessons} from '../tui/fixtures.js';

const cmd = (command: string): LessonCommand => ({target: 'koornacht', command, line: 1});
const globalServices = () => fixtureLessons()[1]!;

/** Runs a step on a fresh fake lab and returns the event types in order, with the outcome. */
async function run(s: Step, action: StepAction, backend = fakeBackend()) {
	const events: StepEvent[] = [];
	const outcome = await runStep(s, action, {backend, clock: virtualClock(), onEvent: (e) => events.push(e)});
	return {outcome, events, types: events.map((e) => e.type), backend};
}

describe('runStep', () => {
	it('runs the commands, then the check, and reports each part in order', async () => {
		const backend = fakeBackend();
		backend.lab.tion = true;
		const {outcome, types} = await run(globalServices().steps[0]!, {kind: 'run'}, backend);
		expect(types).toEqual(['command-start', 'output', 'command-end', 'check-attempt', 'verdict']);
		expect(outcome).toMatchObject({status: 'judged', verdict: {pass: true, source: 'check', attempts: 1}, unsupported: false});
	});

	it('counts down between attempts while the check fails, then fails with what it saw', async () => {
		const {outcome, types} = await run(globalServices().steps[0]!, {kind: 'run'});
		expect(types.filter((t) => t === 'check-retry').length).toBeGreaterThan(0);
		expect(types.at(-1)).toBe('verdict');
		expect(outcome.status === 'judged' && outcome.verdict.pass).toBe(false);
	});

	it('stops at the first failing command; the check still judges the lab, naming the command first when it fails', async () => {
		const checked = {...globalServices().steps[0]!, commands: [cmd('false'), cmd('kubectl annotate service rebel-base service.cilium.io/global="true"')]};
		const {outcome, backend} = await run(checked, {kind: 'run'});
		expect(backend.ran.map((r) => r.command)).toEqual(['false']);
		expect(outcome.status === 'judged' && outcome.verdict.results.map((r) => r.observed)[0]).toBe('`false` exited with 1: boom');
		expect(outcome.status === 'judged' && outcome.verdict.pass).toBe(false);
	});

	it('a typed command passes a step without a check only when it is one of its own commands, run where the step runs it', async () => {
		const unchecked = step('relay', ['hubble observe -P --verdict DROPPED']);
		const own = await run(unchecked, {kind: 'typed', command: cmd('  hubble   observe -P\t--verdict DROPPED ')});
		expect(own.outcome).toMatchObject({status: 'judged', verdict: {pass: true, source: 'commands'}});

		const other = await run(unchecked, {kind: 'typed', command: cmd('kubectl get pods')});
		expect(other.backend.ran.map((r) => r.command)).toEqual(['kubectl get pods']);
		expect(other.outcome.status === 'judged' && other.outcome.verdict.pass).toBe(false);
		const said = other.outcome.status === 'judged' ? other.outcome.verdict.results[0]! : undefined;
		expect(said?.expected).toBe("this step's own command (`hubble observe -P --verdict DROPPED`)");
		expect(said?.observed).toMatch(/checked by running its own command: press Enter to run it/);

		const both = step('both', [], {commands: [{target: 'both', command: 'cilium status', line: 1}]});
		const once = await run(both, {kind: 'typed', command: cmd('cilium status')});
		expect(once.outcome.status === 'judged' && once.outcome.verdict.results[0]!.observed).toMatch(/ran on Koornacht; this step runs it on both clusters/);
		const twice = await run(both, {kind: 'typed', command: {target: 'both', command: 'cilium status', line: 0}});
		expect(twice.outcome).toMatchObject({status: 'judged', verdict: {pass: true}});

		const lab = step('lab', [], {commands: [{target: 'lab', command: 'kind get clusters', line: 1}]});
		expect((await run(lab, {kind: 'typed', command: cmd('kind get clusters')})).outcome).toMatchObject({verdict: {pass: true}});
	});

	it('a step without a check passes on its commands alone, and fails on the first that fails', async () => {
		const ok = await run(step('s', ['echo a', 'echo b']), {kind: 'run'});
		expect(ok.outcome).toMatchObject({status: 'judged', verdict: {pass: true, source: 'commands'}});
		const bad = await run(step('s', ['false', 'echo b']), {kind: 'run'});
		expect(bad.backend.ran.map((r) => r.command)).toEqual(['false']);
		expect(bad.outcome).toMatchObject({status: 'judged', verdict: {pass: false, source: 'commands', results: [{observed: '`false` exited with 1: boom'}]}});
	});

	it("a failed command's verdict quotes what it said on stderr: a refusal's reason and fix, the simulator's limit", async () => {
		const lab = simLab(await labState());
		const checked = globalServices().steps[0]!;
		const refused = await run(checked, {kind: 'typed', command: cmd('kubectl --kubeconfig /root/.kube/config get pods')}, lab.backend as never);
		const observed = refused.outcome.status === 'judged' ? refused.outcome.verdict.results[0]!.observed : '';
		expect(observed).toMatch(/^`kubectl --kubeconfig \/root\/.kube\/config get pods` exited with 5: clustermesh-tutor did not run this command: .*kubeconfig.* instead: /);
		const unmodelled = await run(step('s', ['kubectl logs deploy/x-wing']), {kind: 'run'}, lab.backend as never);
		expect(unmodelled.outcome.status === 'judged' && unmodelled.outcome.verdict.results[0]!.observed).toMatch(/exited with 3: .*not supported by the simulator/);
		// Run in both clusters: what the cluster that failed said, not the other's "No resources found".
		const both = await run(checked, {kind: 'typed', command: {target: 'both', command: 'kubectl --context kind-koornacht get pods -n nowhere', line: 0}}, lab.backend as never);
		const bothSaid = both.outcome.status === 'judged' ? both.outcome.verdict.results[0]!.observed : '';
		expect(bothSaid).toMatch(/exited with 5: clustermesh-tutor did not run this command: this command runs on tion/);
		expect(bothSaid).not.toContain('No resources found');
	});

	it('quotes the first two lines a command wrote on stderr, plain, blank lines skipped', () => {
		expect(firstErrorLines('\n\x1b[31mError from server (NotFound):\x1b[39m deployments "nope" not found\r\n\n  second\nthird\n')).toBe('Error from server (NotFound): deployments "nope" not found · second');
		expect(firstErrorLines(' \n\n')).toBeUndefined();
	});

	it('runs a typed command, then the check; the simulator refusing a command marks the outcome unsupported', async () => {
		const typed = await run(globalServices().steps[2]!, {kind: 'typed', command: cmd('cilium clustermesh inspect-policy-default-local-cluster')});
		expect(typed.types[0]).toBe('command-start');
		expect(typed.events[0]).toMatchObject({typed: true});
		expect(typed.types).toContain('check-attempt');
		expect(typed.outcome).toMatchObject({status: 'judged', unsupported: true});
	});

	it('fails a typed command the gate refused without asking the lab, even where the check would pass', async () => {
		const backend = fakeBackend();
		backend.lab.koornacht = true;
		backend.lab.tion = true;
		const passing = await run(globalServices().steps[2]!, {kind: 'check'}, backend);
		expect(passing.outcome).toMatchObject({status: 'judged', verdict: {pass: true}});
		const refused = await run(globalServices().steps[2]!, {kind: 'typed', command: cmd('kubectl --context prod get pods')}, backend);
		expect(refused.types).not.toContain('check-attempt');
		expect(refused.outcome).toMatchObject({status: 'judged', verdict: {pass: false, source: 'commands'}});
	});

	it('judges a quiz answer, and does nothing without picks or on a reading step', async () => {
		const quiz = globalServices().steps[1]!;
		expect((await run(quiz, {kind: 'answer', picks: [1]})).outcome).toMatchObject({status: 'judged', verdict: {pass: true, source: 'quiz'}});
		expect((await run(quiz, {kind: 'answer', picks: [0]})).outcome).toMatchObject({status: 'judged', verdict: {pass: false}});
		expect((await run(quiz, {kind: 'answer', picks: []})).outcome).toEqual({status: 'idle', why: 'no-answer'});
		expect((await run(quiz, {kind: 'check'})).outcome).toEqual({status: 'idle', why: 'question'});
		expect((await run(step('read'), {kind: 'run'})).outcome).toEqual({status: 'idle', why: 'reading'});
		expect((await run(step('read'), {kind: 'check'})).outcome).toEqual({status: 'idle', why: 'no-check'});
		// A type-it-yourself step: Enter checks the lab (the learner may have typed the command elsewhere).
		expect((await run(globalServices().steps[2]!, {kind: 'run'})).types[0]).toBe('check-attempt');
	});

	it('runs the solution of a type-it-yourself step when asked to, and skips live-only steps on the simulator', async () => {
		const backend = fakeBackend();
		backend.lab.koornacht = true;
		const {outcome} = await run(globalServices().steps[2]!, {kind: 'run', solution: true}, backend);
		expect(outcome).toMatchObject({status: 'judged', verdict: {pass: true}});
		const live = await run(step('x', ['helm install'], {liveOnly: 'needs Docker'}), {kind: 'run'});
		expect(live.outcome).toEqual({status: 'skipped', reason: 'live only: needs Docker'});
		expect(live.backend.ran).toEqual([]);
		// A command typed on such a step still runs (its output says what the backend makes of it); no check follows.
		const typed = await run(step('x', ['helm install'], {liveOnly: 'needs Docker'}), {kind: 'typed', command: {target: 'koornacht', command: 'kubectl get pods', line: 1}});
		expect(typed.outcome).toEqual({status: 'skipped', reason: 'live only: needs Docker'});
		expect(typed.types).toEqual(['command-start', 'output', 'command-end']);
	});

	it('is cancelled by its signal during a command, with no verdict', async () => {
		const backend = fakeBackend();
		backend.hang = 'annotate';
		const controller = new AbortController();
		const events: string[] = [];
		const running = runStep(globalServices().steps[0]!, {kind: 'run'}, {backend, clock: virtualClock(), signal: controller.signal, onEvent: (e) => events.push(e.type)});
		await until(() => events.includes('command-start'), {what: 'the command to start', seen: () => events.join(' ')});
		controller.abort();
		const outcome = await running;
		expect(outcome).toMatchObject({status: 'cancelled', ran: [{cancelled: true}]});
		expect(events).not.toContain('verdict');
	});
});

describe("the simulator's time", () => {
	it('a command in both clusters takes both its runs; the command-end event carries it', async () => {
		const backend = {...fakeBackend(), run: async () => ({exitCode: 0, cancelled: false, simulatedMs: 2000})};
		const both = step('both', [], {commands: [{target: 'both', command: 'kubectl get pods', line: 1}]});
		const {events} = await run(both, {kind: 'run'}, backend as never);
		expect(events.find((e) => e.type === 'command-end')).toMatchObject({exitCode: 0, simulatedMs: 4000});
	});
});
