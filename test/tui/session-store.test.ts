import type {Key} from 'ink';
import stripAnsi from 'strip-ansi';
import {describe, expect, it} from 'vitest';
import {emptyProgress, markPassed, moveLab, moveTo} from '../../src/state/progress.js';
import {planSize} from '../../src/engine/curriculum.js';
import {handleKey, NO_LIMITS} from '../../src/tui/keys/handle-key.js';
import {canAdvance, confirmDefault, currentStep, hintsShown, reduce, type Confirm, type SessionState} from '../../src/tui/store/session-state.js';
import {until} from '../helpers/wait.js';
import {finishedLesson3, fixtureLessons, session} from './fixtures.js';

const output = (s: ReturnType<typeof session>) => s.lines.getSnapshot().lines.map((l) => stripAnsi(l));
const state = (s: ReturnType<typeof session>): SessionState => s.store.getState();
const lastSaved = (s: ReturnType<typeof session>) => s.saver.writes.at(-1);

/** Opens lesson 4 step 1 with the lab caught up to it (as if lesson 3 were done). */
function atGlobalServices() {
	const s = session({progress: finishedLesson3()});
	s.store.next(); // from the lesson's intro to its first step
	return s;
}

describe('session store', () => {
	it('starts a new learner on the first core lesson intro, Enter begins step 1', async () => {
		const s = session();
		expect(state(s).screen).toBe('intro');
		expect(state(s).position).toEqual({lesson: 'deploy-the-app', step: 0});
		await s.store.runStep();
		expect(state(s).screen).toBe('step');
		expect(currentStep(state(s))?.id).toBe('apply');
	});

	it('refuses `n` before the check passed and offers a skip instead', async () => {
		const s = atGlobalServices();
		expect(canAdvance(state(s))).toBe(false);
		s.store.next();
		expect(state(s).position.step).toBe(0);
		expect(state(s).modal).toEqual({kind: 'confirm', confirm: {type: 'skip'}});
		await s.store.answer('no');
		expect(state(s).modal).toBeUndefined();
		expect(state(s).position.step).toBe(0);
	});

	it('runs the command through the runner, checks, records the pass and moves the lab', async () => {
		const s = atGlobalServices();
		s.backend.lab.tion = true;
		await s.store.runStep();
		expect(s.backend.ran.map((r) => `${r.target}: ${r.command}`)).toEqual([
			'koornacht: kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite',
		]);
		expect(output(s)).toEqual([
			'KOORNACHT $ kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite',
			'service/rebel-base annotated',
		]);
		const check = state(s).check;
		expect(check.status === 'done' && check.verdict.pass).toBe(true);
		expect(check.status === 'done' && check.verdict.results[0]?.evidence).toMatchObject({kind: 'replies', counts: {koornacht: 6, tion: 4, timeout: 0}});
		expect(lastSaved(s)?.lessons['global-services']?.passed).toEqual(['annotate-koornacht']);
		expect(lastSaved(s)?.lab).toEqual({lesson: 'global-services', step: 'why'});
		s.store.next();
		expect(state(s).position).toEqual({lesson: 'global-services', step: 1});
		expect(lastSaved(s)?.current).toEqual({lesson: 'global-services', step: 'why', screen: 'step'});
	});

	it('shows the first hint with a failed check, then climbs the ladder in order on `h`', async () => {
		const s = atGlobalServices();
		await s.store.runStep();
		const check = state(s).check;
		expect(check.status === 'done' && check.verdict.pass).toBe(false);
		// The virtual clock let the check retry until its budget ran out, without waiting.
		expect(check.status === 'done' && check.verdict.attempts).toBeGreaterThan(1);
		expect(hintsShown(state(s))).toBe(1);
		s.store.nextHint();
		s.store.nextHint();
		expect(hintsShown(state(s))).toBe(3);
		s.store.nextHint();
		expect(hintsShown(state(s))).toBe(3);
		expect(state(s).notice?.text).toContain('last hint');
		expect(lastSaved(s)?.lessons['global-services']?.hints).toEqual({'annotate-koornacht': 3});
	});

	it('shows the solution only after a confirm, and records it', async () => {
		const s = atGlobalServices();
		s.store.askSolution();
		expect(state(s).modal).toEqual({kind: 'confirm', confirm: {type: 'solution'}});
		await s.store.answer('no');
		expect(lastSaved(s)?.lessons['global-services']?.solutions ?? []).toEqual([]);
		s.store.askSolution();
		await s.store.answer('yes');
		expect(lastSaved(s)?.lessons['global-services']?.solutions).toEqual(['annotate-koornacht']);
	});

	it('skips with catch-up (replaying the solution) or without touching the lab', async () => {
		const s = atGlobalServices();
		s.store.next();
		await s.store.answer('yes');
		expect(s.backend.ran.map((r) => r.command)).toEqual(['kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite']);
		expect(state(s).position.step).toBe(1);
		expect(lastSaved(s)?.lessons['global-services']?.skipped).toEqual(['annotate-koornacht']);
		expect(lastSaved(s)?.lab).toEqual({lesson: 'global-services', step: 'why'});

		const t = atGlobalServices();
		t.store.next();
		await t.store.answer('alt');
		expect(t.backend.ran).toEqual([]);
		expect(state(t).position.step).toBe(1);
	});

	it('runs a typed command through the same runner and the same check', async () => {
		const s = atGlobalServices();
		s.backend.lab.koornacht = true;
		s.store.next(); // skip confirm
		await s.store.answer('alt');
		s.store.toggleChoice(1);
		await s.store.runStep();
		s.store.next();
		expect(currentStep(state(s))?.id).toBe('annotate-tion');
		s.store.startTyping();
		expect(state(s).modal).toMatchObject({kind: 'prompt', target: 'tion'});
		s.store.cycleTarget();
		expect(state(s).modal).toMatchObject({target: 'both'});
		s.store.cycleTarget();
		s.store.cycleTarget();
		s.store.cycleTarget();
		expect(state(s).modal).toMatchObject({target: 'tion'});
		for (const ch of 'kubectl annotate service rebel-base service.cilium.io/global="true"') s.store.edit({type: 'insert', text: ch});
		await s.store.submitTyped();
		expect(s.backend.ran.at(-1)).toMatchObject({target: 'tion', command: 'kubectl annotate service rebel-base service.cilium.io/global="true"'});
		const check = state(s).check;
		expect(check.status === 'done' && check.verdict.pass).toBe(true);
	});

	it('says when the simulator does not model a command, and how to go on', async () => {
		const s = atGlobalServices();
		s.store.startTyping();
		s.store.edit({type: 'insert', text: 'cilium clustermesh inspect-policy-default-local-cluster'});
		await s.store.submitTyped();
		const check = state(s).check;
		expect(check.status === 'done' && check.verdict.pass).toBe(false);
		expect(state(s).notice).toEqual({tone: 'warn', text: 'The simulator does not model that command (it needs live clusters): n skips the step.'});
	});

	it('judges a question step from the picked choices', async () => {
		const s = atGlobalServices();
		s.store.next();
		await s.store.answer('alt');
		s.store.toggleChoice(0);
		await s.store.runStep();
		let check = state(s).check;
		expect(check.status === 'done' && check.verdict.pass).toBe(false);
		s.store.toggleChoice(0);
		s.store.toggleChoice(1);
		await s.store.runStep();
		check = state(s).check;
		expect(check.status === 'done' && check.verdict).toMatchObject({pass: true, source: 'quiz'});
	});

	it('a pass clears what the notice line asked for; a failure keeps it', async () => {
		const s = atGlobalServices();
		s.store.next();
		await s.store.answer('alt');
		await s.store.runStep();
		expect(state(s).notice?.text).toBe('Pick an answer with its number first.');
		s.store.toggleChoice(0);
		await s.store.runStep();
		expect(state(s).notice?.text).toBe('Pick an answer with its number first.');
		s.store.toggleChoice(0);
		s.store.toggleChoice(1);
		await s.store.runStep();
		expect(state(s).notice).toBeUndefined();
	});

	it('offers catch-up when jumping ahead, then replays the solutions in between', async () => {
		const s = session();
		s.store.showList();
		s.store.moveListCursor(2);
		await s.store.openSelected();
		const modal = state(s).modal;
		expect(modal).toMatchObject({kind: 'confirm', confirm: {type: 'catch-up', target: {lesson: 'fault-resilience', step: 0}, screen: 'intro', rewind: false}});
		// The dialog shows the plan that runs: the simulator rebuilds, then replays three solutions.
		const plan = modal?.kind === 'confirm' && modal.confirm.type === 'catch-up' ? modal.confirm.plan : undefined;
		expect(plan && {wipe: plan.wipe, buildBase: plan.buildBase, size: planSize(plan)}).toEqual({wipe: true, buildBase: 'mesh', size: 3});
		await s.store.answer('yes');
		expect(s.wipes).toBe(1);
		expect(s.backend.ran.map((r) => `${r.target}: ${r.command.split(' ').slice(0, 3).join(' ')}`)).toEqual([
			'koornacht: kubectl apply -f',
			'tion: kubectl apply -f',
			'koornacht: kubectl annotate service',
			'tion: kubectl annotate service',
		]);
		expect(state(s).position).toEqual({lesson: 'fault-resilience', step: 0});
		expect(state(s).screen).toBe('intro');
		expect(lastSaved(s)?.lab).toEqual({lesson: 'fault-resilience', step: 'scale'});
	});

	it('opens without catching up when the learner declines, and says so', async () => {
		const s = session();
		await s.store.jumpTo({lesson: 'global-services', step: 2});
		await s.store.answer('no');
		expect(s.backend.ran).toEqual([]);
		expect(state(s).position).toEqual({lesson: 'global-services', step: 2});
		expect(state(s).notice?.tone).toBe('warn');
	});

	it('r rewinds the step on screen: the lab as before it, earlier results kept, this one cleared (asking first)', async () => {
		const s = atGlobalServices();
		s.backend.lab.tion = true;
		await s.store.runStep();
		s.store.next();
		expect(state(s).position).toEqual({lesson: 'global-services', step: 1});
		const key = (input: string) => handleKey(s.store, input, {return: false, escape: false, ctrl: false, meta: false} as Key, NO_LIMITS);
		key('r');
		expect(state(s).modal).toEqual({kind: 'confirm', confirm: {type: 'reset', scope: 'step'}});
		await s.store.answer('yes');
		expect(s.wipes).toBe(1);
		// The lab is rebuilt and the earlier step's solution replayed: the lab as it was before this step.
		expect(s.backend.ran.at(-1)?.command).toBe('kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite');
		expect(state(s).position).toEqual({lesson: 'global-services', step: 1});
		expect(state(s).screen).toBe('step');
		expect(lastSaved(s)?.lessons['global-services']?.passed).toEqual(['annotate-koornacht']);
		expect(lastSaved(s)?.lab).toEqual({lesson: 'global-services', step: 'why'});
		// R asks about the whole lesson.
		key('R');
		expect(state(s).modal).toEqual({kind: 'confirm', confirm: {type: 'reset', scope: 'lesson'}});
	});

	it('resets the lesson on the simulator: fresh lab, earlier solutions replayed, results cleared', async () => {
		const s = atGlobalServices();
		s.backend.lab.tion = true;
		await s.store.runStep();
		s.store.askReset();
		await s.store.answer('yes');
		expect(s.wipes).toBe(1);
		expect(s.backend.ran.at(-1)?.command).toBe('kubectl apply -f manifests/app.yaml');
		expect(state(s).position).toEqual({lesson: 'global-services', step: 0});
		expect(lastSaved(s)?.lessons['global-services']).toBeUndefined();
		expect(lastSaved(s)?.lab).toEqual({lesson: 'global-services', step: 'annotate-koornacht'});
		expect(s.backend.lab).toEqual({koornacht: false, tion: false});
	});

	it('resets live clusters: asks, removes what the lesson added, replays earlier solutions, with progress', async () => {
		const workloads = {replicas: 2, annotations: {'service.cilium.io/global': 'true'}, policies: ['x-wing-egress']};
		const clean = {replicas: 2, annotations: {}, policies: []};
		const lessons = fixtureLessons().map((l) =>
			l.id === 'fault-resilience' ? {...l, starts: {stage: 'app' as const, encryption: false, workloads: {koornacht: clean, tion: clean}}} : l,
		);
		const s = session({
			kind: 'kind',
			lessons,
			progress: moveTo(emptyProgress('kind'), {lesson: 'fault-resilience', step: 'scale', screen: 'intro'}),
			observe: async () => ({stage: 'app', encryption: false, workloads: {koornacht: {...workloads, replicas: 0}, tion: workloads}}),
		});
		s.store.askReset();
		expect(state(s).modal).toEqual({kind: 'confirm', confirm: {type: 'reset', scope: 'lesson'}});
		const tasks: string[] = [];
		s.store.subscribe(() => {
			const task = state(s).task;
			if (task) tasks.push(`${task.done}/${task.total}`);
		});
		await s.store.answer('yes');
		expect(s.wipes).toBe(0);
		expect(s.backend.ran.map((r) => `${r.target}: ${r.command}`)).toEqual([
			'koornacht: kubectl delete ciliumnetworkpolicy x-wing-egress',
			'koornacht: kubectl annotate service rebel-base service.cilium.io/global-',
			'koornacht: kubectl scale deployment rebel-base --replicas=2',
			'tion: kubectl delete ciliumnetworkpolicy x-wing-egress',
			'tion: kubectl annotate service rebel-base service.cilium.io/global-',
			'koornacht: kubectl apply -f manifests/app.yaml',
			'tion: kubectl apply -f manifests/app.yaml',
			'koornacht: kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite',
			'tion: kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite',
		]);
		expect(tasks).toContain('0/8');
		expect(tasks.at(-1)).toBe('8/8');
		expect(state(s).notice?.text).toContain('back at the start of “Fault resilience”');
	});

	it('cancels a running command on Ctrl-C without quitting, and quits on Ctrl-C when idle', async () => {
		const s = atGlobalServices();
		s.backend.hang = 'annotate';
		const running = s.store.runStep();
		await until(() => state(s).run.status === 'running', {what: 'the command to run', seen: () => JSON.stringify(state(s).run)});
		s.store.interrupt();
		await running;
		expect(state(s).run).toMatchObject({status: 'finished', cancelled: true});
		expect(state(s).exiting).toBe(false);
		expect(output(s).at(-1)).toBe('^C cancelled');
		// Idle, Ctrl-C ends the session as interrupted (exit code 130); q quits (0).
		s.store.interrupt();
		expect(state(s).exiting).toBe('interrupted');
		const quitting = atGlobalServices();
		quitting.store.requestQuit();
		expect(state(quitting).exiting).toBe('quit');
	});

	/** q while a step's command hangs: the quit question is open. */
	async function quitWhileRunning() {
		const s = atGlobalServices();
		s.backend.hang = 'annotate';
		const running = s.store.runStep();
		await until(() => state(s).run.status === 'running', {what: 'the command to run', seen: () => JSON.stringify(state(s).run)});
		s.store.requestQuit();
		expect(state(s).modal).toEqual({kind: 'confirm', confirm: {type: 'quit'}});
		return {s, running};
	}

	it('asks before quitting while something runs', async () => {
		const {s, running} = await quitWhileRunning();
		await s.store.answer('yes');
		await running;
		expect(state(s).exiting).toBe('quit');
	});

	it('on a lesson that builds nothing, r asks to reset its results only, and says the lab is not touched', () => {
		const none = {stage: 'none', encryption: false} as const;
		const welcome = {...fixtureLessons()[0]!, id: 'welcome', order: 0, starts: none, leaves: none, steps: [fixtureLessons()[1]!.steps[1]!]};
		const s = session({lessons: [welcome, ...fixtureLessons()]});
		expect(state(s).screen).toBe('intro');
		s.store.askReset();
		expect(state(s).modal).toEqual({kind: 'confirm', confirm: {type: 'reset', scope: 'lesson', labless: true}});
		const app = session();
		app.store.askReset();
		expect(state(app).modal).toEqual({kind: 'confirm', confirm: {type: 'reset', scope: 'lesson'}});
	});

	it('keeps the quit question open, asking plainly, once what ran has ended: the learner\'s n still answers it', async () => {
		const {s, running} = await quitWhileRunning();
		s.store.interrupt();
		await running;
		expect(state(s).modal).toEqual({kind: 'confirm', confirm: {type: 'quit', ended: true}});
		expect(state(s).exiting).toBe(false);
		const key = (input: string) => handleKey(s.store, input, {return: false, escape: false, ctrl: false, meta: false} as Key, NO_LIMITS);
		// n answers the quit question; it does not reach the step (where it would offer to skip).
		key('n');
		await until(() => state(s).modal === undefined, {what: 'the dialog to close', seen: () => JSON.stringify(state(s).modal)});
		expect(state(s).exiting).toBe(false);
		key('q');
		expect(state(s).exiting).toBe('quit');
	});

	it('skips a live-only step on the simulator without asking', async () => {
		const s = session();
		await s.store.jumpTo({lesson: 'ingress', step: 0});
		await s.store.answer('no');
		await s.store.runStep();
		expect(state(s).notice?.text).toContain('live clusters');
		s.store.next();
		expect(lastSaved(s)?.lessons.ingress?.skipped).toEqual(['x']);
		expect(state(s).screen).toBe('list');
	});

	it('resumes where the learner left off', () => {
		const progress = moveTo(emptyProgress('sim'), {lesson: 'global-services', step: 'annotate-tion', screen: 'step'});
		const s = session({progress: markPassed(progress, 'global-services', 'annotate-koornacht')});
		expect(state(s).screen).toBe('step');
		expect(state(s).position).toEqual({lesson: 'global-services', step: 2});
	});

	it('marks the lesson complete after its last step and opens the next intro', async () => {
		const lessons = fixtureLessons();
		const progress = moveLab(markPassed(moveTo(emptyProgress('sim'), {lesson: 'deploy-the-app', step: 'look', screen: 'step'}), 'deploy-the-app', 'apply'), {lesson: 'deploy-the-app', step: 'look'});
		const s = session({progress, lessons});
		s.store.next();
		expect(lastSaved(s)?.lessons['deploy-the-app']?.completedAt).toBeDefined();
		expect(state(s).screen).toBe('intro');
		expect(state(s).position.lesson).toBe('global-services');
		expect(state(s).modal).toBeUndefined();
	});
});

describe('the store reduces engine events', () => {
	const command = {target: 'koornacht', command: 'kubectl annotate service rebel-base x=y', line: 1} as const;
	const failed = {pass: false, subject: 'probe', expected: 'mixed', observed: 'Koornacht 10'};

	it('a run: the command, the countdown, a failing verdict with the first hint, then a pass that moves the lab', () => {
		const s = atGlobalServices();
		const event = (e: Parameters<typeof s.store.dispatch>[0] & {type: 'step'}) => s.store.dispatch(e);
		event({type: 'step', event: {type: 'command-start', command, index: 0, total: 1, typed: true}, at: 1000});
		expect(state(s).run).toMatchObject({status: 'running', typed: true, command: command.command});
		expect(state(s).pane).toBe('output');
		event({type: 'step', event: {type: 'command-end', command, index: 0, exitCode: 0, cancelled: false}, at: 1500});
		expect(state(s).run).toMatchObject({status: 'finished', exitCode: 0, elapsedMs: 500});
		event({type: 'step', event: {type: 'check-attempt', attempt: 1}, at: 1500});
		expect(state(s).check).toEqual({status: 'running', attempt: 1});
		event({type: 'step', event: {type: 'check-retry', progress: {attempt: 1, results: [failed], retryAt: 2000, deadline: 9000}}, at: 1600});
		expect(state(s).check).toMatchObject({status: 'retrying', attempt: 1, retryAt: 2000, deadline: 9000});
		const verdict = {pass: false, source: 'check', results: [failed], attempts: 4, elapsedMs: 8000} as const;
		event({type: 'step', event: {type: 'verdict', verdict}, at: 9600});
		expect(state(s).check).toEqual({status: 'done', verdict});
		expect(hintsShown(state(s))).toBe(1);
		expect(lastSaved(s)?.lessons['global-services']?.passed ?? []).toEqual([]);
		event({type: 'step', event: {type: 'verdict', verdict: {...verdict, pass: true, results: [{...failed, pass: true}]}}, at: 9700});
		expect(lastSaved(s)?.lessons['global-services']?.passed).toEqual(['annotate-koornacht']);
		expect(lastSaved(s)?.lab).toEqual({lesson: 'global-services', step: 'why'});
	});

	it('outcomes speak on the notice line: a cancelled check, a skipped step, a refused command', () => {
		const s = atGlobalServices();
		s.store.dispatch({type: 'step-outcome', outcome: {status: 'cancelled', ran: []}});
		expect(state(s).check).toEqual({status: 'cancelled'});
		expect(state(s).notice?.text).toBe('Check cancelled. c runs it again.');
		s.store.dispatch({type: 'step-outcome', outcome: {status: 'skipped', reason: 'live only: needs Docker'}});
		expect(state(s).notice?.text).toContain('needs live clusters (live only: needs Docker)');
		const verdict = {pass: false, source: 'check', results: [failed], attempts: 1, elapsedMs: 0} as const;
		s.store.dispatch({type: 'step-outcome', outcome: {status: 'judged', verdict, ran: [], unsupported: true}});
		expect(state(s).notice?.text).toContain('does not model that command');
	});

	it('a cancelled lab task names the key that resets the lesson (R; r rewinds only the step)', () => {
		const s = atGlobalServices();
		s.store.dispatch({type: 'task-start', task: {kind: 'reset', title: 'Rewinding', status: 'running', done: 1, total: 3}});
		s.store.dispatch({type: 'task-end', outcome: {status: 'cancelled'}});
		expect(state(s).notice?.text).toBe("Cancelled: the lab is only partly caught up (R resets this lesson's lab to its start).");
	});
});

describe('reduce', () => {
	it('clamps scrolling to the pane', () => {
		const s = session();
		let st = reduce(state(s), {type: 'scroll', pane: 'content', delta: 5, max: 3});
		expect(st.scroll.content).toBe(3);
		st = reduce(st, {type: 'scroll', pane: 'content', delta: -10, max: 3});
		expect(st.scroll.content).toBe(0);
	});
});

describe('reduce: going back and dialogs', () => {
	it('going back onto a checked step the lab has moved past warns at once; a step without a check, or a lab just after it, does not', () => {
		const lessons = fixtureLessons();
		const at = (lab: Parameters<typeof moveLab>[1]) =>
			session({lessons, progress: moveLab(moveTo(emptyProgress('sim'), {lesson: 'fault-resilience', step: 'scale', screen: 'intro'}), lab)});
		const back = (s: ReturnType<typeof session>) => reduce(state(s), {type: 'back'});
		const moved = back(at({lesson: 'fault-resilience'}));
		expect(moved.position).toEqual({lesson: 'global-services', step: 2});
		expect(moved.notice).toMatchObject({tone: 'warn', text: expect.stringContaining('“Scale to zero” (lesson 5, step 1) already changed it')});
		expect(back(at({lesson: 'fault-resilience', step: 'scale'})).notice).toBeUndefined();
		// Back from the question to the first step: the lab has moved past it, and says so; the question itself has no check.
		const onTion = session({lessons, progress: moveLab(moveTo(emptyProgress('sim'), {lesson: 'global-services', step: 'annotate-tion', screen: 'step'}), {lesson: 'fault-resilience'})});
		const onQuestion = reduce(state(onTion), {type: 'back'});
		expect(onQuestion.notice).toBeUndefined();
		expect(reduce(onQuestion, {type: 'back'}).notice?.text).toContain('“Your turn in Tion” (lesson 4, step 3)');
	});

	it('Enter never undoes work or empties the lab: only harmless answers are its default', () => {
		const plan = {target: {lesson: 'deploy-the-app', step: 0}, wipe: true, buildBase: 'none' as const, undo: [], items: []};
		const cases: Array<[Confirm, 'yes' | 'no']> = [
			[{type: 'solution'}, 'yes'],
			[{type: 'solution', question: true}, 'yes'],
			[{type: 'skip'}, 'yes'],
			[{type: 'skip', question: true}, 'no'],
			[{type: 'reset', scope: 'step'}, 'no'],
			[{type: 'reset', scope: 'lesson'}, 'no'],
			[{type: 'quit'}, 'no'],
			[{type: 'catch-up', target: plan.target, screen: 'intro', plan, rewind: false}, 'yes'],
			[{type: 'catch-up', target: plan.target, screen: 'intro', plan, rewind: true}, 'no'],
		];
		for (const [confirm, enter] of cases) expect([confirm, confirmDefault(confirm)]).toEqual([confirm, enter]);
	});

	it('s on a question asks about its answer; on a command step about its solution', () => {
		const lessons = fixtureLessons();
		const on = (step: string) => session({lessons, progress: moveTo(emptyProgress('sim'), {lesson: 'global-services', step, screen: 'step'})});
		expect(reduce(state(on('why')), {type: 'ask-solution'}).modal).toEqual({kind: 'confirm', confirm: {type: 'solution', question: true}});
		expect(reduce(state(on('annotate-tion')), {type: 'ask-solution'}).modal).toEqual({kind: 'confirm', confirm: {type: 'solution'}});
	});
});

describe('key router', () => {
	it('needs an explicit y to reset; Enter picks the marked default, "keep going"', () => {
		const s = session();
		const key = (input: string, extra: Partial<Key> = {}) =>
			handleKey(s.store, input, {return: false, escape: false, ctrl: false, meta: false, ...extra} as Key, NO_LIMITS);
		key('r');
		expect(state(s).modal).toEqual({kind: 'confirm', confirm: {type: 'reset', scope: 'lesson'}});
		key('', {return: true});
		expect(state(s).modal).toBeUndefined();
		expect(s.wipes).toBe(0);
		key('r');
		key('n');
		expect(state(s).modal).toBeUndefined();
		expect(s.wipes).toBe(0);
	});
});
