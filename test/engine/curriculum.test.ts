import {describe, expect, it} from 'vitest';
import type {LabStateSpec} from '../../src/lessons/model.js';
import {
	catchUpPlan,
	describePlan,
	following,
	goingBack,
	planJump,
	planSize,
	rebuildPlan,
	resetPlan,
	resumeIn,
	skipPlan,
	skippedBehind,
	buildsNothing,
	labMovedOn,
	describeLabMovedOn,
	emptiesLab,
	lessonPlace,
	describePlace,
	notRunnable,
	runnableLessons,
	undoCommands,
} from '../../src/engine/curriculum.js';
import {runLabPlan, type LabPlanEvent} from '../../src/engine/replay.js';
import {emptyProgress, markPassed, markSkipped, moveLab} from '../../src/state/progress.js';
import {fakeBackend, fixtureLessons} from '../tui/fixtures.js';
import {lesson, step} from '../helpers/lessons.js';

const app = (k: Partial<{replicas: number; annotations: Record<string, string>; policies: string[]}>, t = {}): LabStateSpec => ({
	stage: 'app',
	encryption: false,
	workloads: {
		koornacht: {replicas: 2, annotations: {}, policies: [], ...k},
		tion: {replicas: 2, annotations: {}, policies: [], ...t},
	},
});

describe('lab plans', () => {
	const lessons = fixtureLessons();

	it('catches the simulator up from scratch: fresh lab, base stage, every earlier solution', () => {
		const plan = catchUpPlan(lessons, {lesson: 'global-services', step: 1}, {backend: 'sim', lab: {lesson: 'deploy-the-app', step: 0}, labEmpty: false});
		expect(plan).toMatchObject({wipe: true, buildBase: 'mesh', undo: []});
		expect(plan.items.map((i) => `${i.lesson}/${i.step}`)).toEqual(['deploy-the-app/apply', 'global-services/annotate-koornacht']);
		// The commands the dialog names; building the base stage is not one of them.
		expect(planSize(plan)).toBe(2);
	});

	it('catches live clusters up only from where the lab is', () => {
		const plan = catchUpPlan(lessons, {lesson: 'fault-resilience', step: 0}, {backend: 'kind', lab: {lesson: 'global-services', step: 2}, labEmpty: false});
		expect(plan).toMatchObject({wipe: false, buildBase: undefined});
		expect(plan.items.map((i) => `${i.lesson}/${i.step}`)).toEqual(['global-services/annotate-tion']);
	});

	it('builds the base stage first when live clusters are missing', () => {
		const plan = catchUpPlan(lessons, {lesson: 'deploy-the-app', step: 1}, {backend: 'kind', lab: {lesson: 'deploy-the-app', step: 0}, labEmpty: true});
		expect(plan.buildBase).toBe('mesh');
	});

	it('resets live clusters by undoing what differs from the declared start, then replaying earlier lessons', () => {
		const global = {'service.cilium.io/global': 'true'};
		const lesson = {...lessons.find((l) => l.id === 'fault-resilience')!, starts: app({annotations: global}, {annotations: global})};
		const observed = app({replicas: 0, annotations: {'service.cilium.io/global': 'true', 'service.cilium.io/affinity': 'local'}, policies: ['default-deny']});
		const plan = resetPlan(lessons, lesson, {backend: 'kind', observed});
		expect(plan.undo.map((c) => `${c.target}: ${c.command}`)).toEqual([
			'koornacht: kubectl delete ciliumnetworkpolicy default-deny',
			'koornacht: kubectl annotate service rebel-base service.cilium.io/affinity-',
			'koornacht: kubectl scale deployment rebel-base --replicas=2',
			'tion: kubectl annotate service rebel-base service.cilium.io/global=true --overwrite',
		]);
		expect(plan.items.map((i) => i.step)).toEqual(['apply', 'annotate-koornacht', 'annotate-tion']);
	});

	it('undo sets declared annotation values and leaves matching state alone', () => {
		const declared = app({annotations: {'service.cilium.io/global': 'true'}});
		expect(undoCommands(declared, app({annotations: {'service.cilium.io/global': 'false'}}))).toEqual([
			{target: 'koornacht', command: 'kubectl annotate service rebel-base service.cilium.io/global=true --overwrite', line: 0},
		]);
		expect(undoCommands(declared, declared)).toEqual([]);
		expect(undoCommands({stage: 'mesh', encryption: false}, declared)).toEqual([]);
	});
});

describe('curriculum decisions', () => {
	const lessons = fixtureLessons();
	const at = (lesson: string, step: number) => ({lesson, step});

	it('names an earlier step skipped without catching up, until the lab is past it', () => {
		const skippedOnly = moveLab(markSkipped(emptyProgress('sim'), 'global-services', 'annotate-koornacht'), {lesson: 'global-services', step: 'annotate-koornacht'});
		expect(skippedBehind(lessons, skippedOnly, at('global-services', 2))).toEqual({index: 0, title: 'Make it global in Koornacht'});
		const caughtUp = moveLab(skippedOnly, {lesson: 'global-services', step: 'why'});
		expect(skippedBehind(lessons, caughtUp, at('global-services', 2))).toBeUndefined();
	});

	it('knows a lesson that builds nothing: empty at start and end, no step that changes the lab', () => {
		const none = {stage: 'none', encryption: false} as const;
		const question = step('q', [], {quiz: {question: '?', choices: [{text: 'a', correct: true}]}});
		expect(buildsNothing(lesson(0, 'welcome', [question, step('look', ['kubectl get pods'])], {starts: none, leaves: none}))).toBe(true);
		expect(buildsNothing(lesson(0, 'welcome', [question, step('make', ['kind create cluster --name koornacht'])], {starts: none, leaves: none}))).toBe(false);
		expect(buildsNothing(lesson(3, 'app', [question]))).toBe(false);
	});

	it('does not count a skipped question: it leaves nothing behind in the lab', () => {
		const question = lessons.find((l) => l.id === 'global-services')!.steps[1]!;
		expect(question.quiz).toBeDefined();
		const skipped = moveLab(markSkipped(emptyProgress('sim'), 'global-services', question.id), {lesson: 'global-services', step: question.id});
		expect(skippedBehind(lessons, skipped, at('global-services', 2))).toBeUndefined();
	});

	it('says when a later step already changed the lab past a step, naming that step, until the lab is rewound', () => {
		const afterScale = moveLab(emptyProgress('sim'), {lesson: 'fault-resilience'});
		const moved = labMovedOn(lessons, afterScale, at('global-services', 2));
		expect(moved).toEqual({position: at('fault-resilience', 0), title: 'Scale to zero'});
		expect(describeLabMovedOn(lessons, moved!)).toBe(
			'The lab has moved on past this step: “Scale to zero” (lesson 5, step 1) already changed it, so this check may fail. r rewinds the lab to just before this step.',
		);
		// The first change after the step is named: here Tion's annotation, two steps on.
		expect(labMovedOn(lessons, afterScale, at('global-services', 0))).toEqual({position: at('global-services', 2), title: 'Your turn in Tion'});
		// Just after the step (what its check judges), or before it: the lab has not moved on.
		expect(labMovedOn(lessons, moveLab(emptyProgress('sim'), {lesson: 'fault-resilience', step: 'scale'}), at('global-services', 2))).toBeUndefined();
		expect(labMovedOn(lessons, moveLab(emptyProgress('sim'), {lesson: 'global-services', step: 'why'}), at('global-services', 2))).toBeUndefined();
		// Only reading steps and questions between: nothing changed the lab.
		expect(labMovedOn(lessons, moveLab(emptyProgress('sim'), {lesson: 'global-services', step: 'annotate-tion'}), at('global-services', 0))).toBeUndefined();
		expect(labMovedOn(lessons, moveLab(emptyProgress('sim'), {lesson: 'global-services', step: 'annotate-koornacht'}), at('deploy-the-app', 0))).toBeUndefined();
	});

	it('counts core lessons by number and advanced lessons apart', () => {
		const [, globalServices, , ingress] = lessons;
		expect(describePlace(lessonPlace(lessons, globalServices!))).toBe('Lesson 4/5');
		expect(describePlace(lessonPlace(lessons, ingress!))).toBe('Advanced 1 of 1');
	});

	it('catches up when jumping ahead of the lab, with the plan that will run', () => {
		const live = planJump(lessons, at('fault-resilience', 0), {backend: 'kind', lab: at('global-services', 1), labEmpty: false});
		expect(live.kind === 'catch-up' && live.plan.items.map((i) => i.step)).toEqual(['annotate-tion']);
		expect(live).toMatchObject({kind: 'catch-up', rewind: false});
		const sim = planJump(lessons, at('fault-resilience', 0), {backend: 'sim', lab: at('global-services', 1), labEmpty: false});
		expect(sim.kind === 'catch-up' && planSize(sim.plan)).toBe(3);
		expect(sim.kind === 'catch-up' && describePlan(sim.plan)).toBe('the lab is rebuilt with its clusters meshed, then 3 solution commands replay');
		// In a learner's words: no stage names, no "0 commands replay" after emptying the lab.
		expect(describePlan({target: {lesson: 'welcome', step: 0}, wipe: true, buildBase: 'none', undo: [], items: []})).toBe('the lab is emptied');
		const items = sim.kind === 'catch-up' ? sim.plan.items : [];
		expect(describePlan({target: {lesson: 'fault-resilience', step: 0}, wipe: true, buildBase: 'none', undo: [], items})).toBe('the lab is rebuilt from scratch: 3 solution commands replay');
	});

	it('knows a plan that empties the lab (rewinding to a lesson that starts with nothing)', () => {
		const course = [lesson(0, 'welcome', [step('read')], {starts: {stage: 'none', encryption: false}}), ...lessons];
		const decision = planJump(course, at('welcome', 0), {backend: 'sim', lab: at('global-services', 1), labEmpty: false});
		expect(decision.kind === 'catch-up' && decision.rewind && emptiesLab(decision.plan)).toBe(true);
		const rewind = planJump(lessons, at('global-services', 0), {backend: 'sim', lab: at('fault-resilience', 0), labEmpty: false});
		expect(rewind.kind === 'catch-up' && emptiesLab(rewind.plan)).toBe(false);
	});

	it('rewinds the simulator when the lab is ahead; live clusters open as they are, with a warning', () => {
		expect(planJump(lessons, at('deploy-the-app', 0), {backend: 'sim', lab: at('fault-resilience', 0), labEmpty: false})).toMatchObject({
			kind: 'catch-up',
			rewind: true,
			plan: {wipe: true, items: []},
		});
		expect(planJump(lessons, at('deploy-the-app', 0), {backend: 'kind', lab: at('fault-resilience', 0), labEmpty: false})).toEqual({kind: 'open', labAhead: true});
		expect(planJump(lessons, at('global-services', 1), {backend: 'sim', lab: at('global-services', 1), labEmpty: false})).toEqual({kind: 'open', labAhead: false});
	});

	it('skipping with catch-up replays the skipped step only, unless the lab is already past it', () => {
		expect(skipPlan(lessons, at('global-services', 0), {backend: 'sim', lab: at('global-services', 0)})?.items.map((i) => i.step)).toEqual(['annotate-koornacht']);
		expect(skipPlan(lessons, at('global-services', 0), {backend: 'sim', lab: at('global-services', 2)})).toBeUndefined();
	});

	it('moves through the curriculum: next step, next lesson intro, the end; and back again', () => {
		expect(following(lessons, at('global-services', 0))).toEqual({kind: 'step', position: at('global-services', 1)});
		expect(following(lessons, at('global-services', 2))).toMatchObject({kind: 'lesson', lesson: {id: 'fault-resilience'}});
		expect(following(lessons, at('ingress', 0))).toEqual({kind: 'end'});
		// After the last core lesson: the course is complete; the advanced lesson is not opened next.
		expect(following(lessons, at('fault-resilience', 0))).toEqual({kind: 'course-complete'});
		expect(goingBack(lessons, at('global-services', 1), 'step')).toEqual({position: at('global-services', 0), screen: 'step'});
		expect(goingBack(lessons, at('global-services', 0), 'step')).toEqual({position: at('global-services', 0), screen: 'intro'});
		expect(goingBack(lessons, at('global-services', 0), 'intro')).toEqual({position: at('deploy-the-app', 1), screen: 'step'});
		expect(goingBack(lessons, at('deploy-the-app', 0), 'intro')).toBeUndefined();
	});

	it('opens a lesson at its intro when new, else at its first open step', () => {
		const lesson = lessons[1]!;
		expect(resumeIn(lessons, lesson, emptyProgress('sim'))).toEqual({position: at('global-services', 0), screen: 'intro'});
		expect(resumeIn(lessons, lesson, markPassed(emptyProgress('sim'), 'global-services', 'annotate-koornacht'))).toEqual({position: at('global-services', 1), screen: 'step'});
	});
});

describe('runLabPlan', () => {
	it('reports progress counted as planSize counts, streams each command, and ends at the target', async () => {
		const backend = fakeBackend();
		let wiped = 0;
		const plan = rebuildPlan(fixtureLessons(), {lesson: 'fault-resilience', step: 0});
		const events: LabPlanEvent[] = [];
		const outcome = await runLabPlan(plan, backend, {wipe: async () => void wiped++, onEvent: (e) => events.push(e)});
		expect(outcome).toEqual({status: 'done', labAt: {lesson: 'fault-resilience', step: 0}});
		expect(wiped).toBe(1);
		const progress = events.flatMap((e) => (e.type === 'progress' ? [`${e.done}/${e.total}`] : []));
		// The base build is a phase at 0, not a command: the bar counts what the dialog names.
		expect(progress[0]).toBe('0/3');
		expect(progress.at(-1)).toBe('3/3');
		expect(describePlan(plan)).toMatch(/3 solution commands replay$/);
		expect(events.filter((e) => e.type === 'command').length).toBe(3);
		expect(backend.lab).toEqual({koornacht: true, tion: true});
	});

	it('stops at a failing command and says which', async () => {
		const backend = fakeBackend();
		const plan = {target: {lesson: 'x', step: 1}, wipe: false, undo: [], items: [{lesson: 'x', step: 'a', command: {target: 'koornacht' as const, command: 'false', line: 1}}]};
		expect(await runLabPlan(plan, backend, {})).toEqual({status: 'failed', message: '`false` exited with 1: boom'});
	});
});

describe('lessons on attached clusters', () => {
	const cmd = (command: string) => ({target: 'koornacht' as const, command, line: 1});
	const solved = (order: number, id: string, command: string, ownLab?: string) =>
		lesson(order, id, [step('do', [], {solution: [cmd(command)]})], ownLab === undefined ? {} : {ownLab});
	const lessons = [
		solved(1, 'build', 'kind create cluster --name koornacht', 'it builds the clusters'),
		solved(2, 'mesh', 'cilium clustermesh enable', 'it meshes the clusters'),
		solved(3, 'app', 'kubectl apply -f manifests/app.yaml'),
		solved(4, 'global', 'kubectl annotate service rebel-base service.cilium.io/global="true"'),
		solved(5, 'coredns', 'kubectl -n kube-system edit configmap coredns', 'it changes CoreDNS in kube-system'),
		solved(6, 'clean-up', 'kind delete clusters koornacht tion', 'it deletes the lab clusters'),
	];
	const attached = runnableLessons(lessons, {attached: true});

	it('a lesson that declares ownLab does not run on attached clusters, and says why; every lesson runs on the tool\'s own lab', () => {
		expect(notRunnable(lessons[0]!, {attached: true})).toBe("needs the tutorial's own lab: it builds the clusters");
		expect(notRunnable(lessons[2]!, {attached: true})).toBeUndefined();
		expect(lessons.map((l) => notRunnable(l, {attached: false}))).toEqual(lessons.map(() => undefined));
		expect(runnableLessons(lessons, {attached: false})).toEqual(lessons);
		expect(attached.map((l) => l.id)).toEqual(['app', 'global']);
	});

	it('next after the last runnable lesson finishes the course; back from the first says there is none', () => {
		expect(following(attached, {lesson: 'app', step: 0})).toMatchObject({kind: 'lesson', lesson: {id: 'global'}});
		expect(following(attached, {lesson: 'global', step: 0})).toEqual({kind: 'course-complete'});
		expect(following(lessons, {lesson: 'global', step: 0})).toMatchObject({kind: 'lesson', lesson: {id: 'coredns'}});
		expect(goingBack(attached, {lesson: 'app', step: 0}, 'intro')).toBeUndefined();
	});

	it('catch-up replays only runnable lessons: never building, meshing or deleting clusters', () => {
		const target = {lesson: 'global', step: 1};
		const plan = catchUpPlan(attached, target, {backend: 'kind', lab: {lesson: 'app', step: 0}, labEmpty: false});
		expect(plan.items.map((i) => i.command.command)).toEqual(['kubectl apply -f manifests/app.yaml', 'kubectl annotate service rebel-base service.cilium.io/global="true"']);
		expect(plan.buildBase).toBeUndefined();
		const jump = planJump(attached, {lesson: 'global', step: 0}, {backend: 'kind', lab: {lesson: 'app', step: 0}, labEmpty: false});
		expect(jump.kind === 'catch-up' && jump.plan.items.map((i) => i.lesson)).toEqual(['app']);
		// The same jump over every lesson replays the ones that build and mesh.
		const own = catchUpPlan(lessons, target, {backend: 'kind', lab: {lesson: 'build', step: 0}, labEmpty: false});
		expect(own.items.map((i) => i.lesson)).toEqual(['build', 'mesh', 'app', 'global']);
	});
});
