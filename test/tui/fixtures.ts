import type {Backend, RunRequest, RunResult} from '../../src/backends/backend.js';
import {virtualClock} from '../../src/core/clock.js';
import type {Lesson, LessonCommand, Step} from '../../src/lessons/model.js';
import {emptyProgress, markPassed, moveLab, moveTo, type Progress} from '../../src/state/progress.js';
import {LineStore} from '../../src/tui/store/line-store.js';
import type {ProgressSaver} from '../../src/tui/store/progress-saver.js';
import type {SessionLab} from '../../src/tui/store/session-lab.js';
import {SessionStore} from '../../src/tui/store/session-store.js';
import {probeRaw, scriptedObserver} from '../helpers/fake-observer.js';
import {lesson, step} from '../helpers/lessons.js';

const cmd = (command: string, target: LessonCommand['target'] = 'koornacht'): LessonCommand => ({target, command, line: 1});

const mixedFrom = (from: 'koornacht' | 'tion'): Step['check'][number] => ({
	type: 'probe',
	query: {from, count: 10, timeoutSeconds: 2, service: 'rebel-base', namespace: 'default', method: 'GET', path: '/'},
	expect: {kind: 'mixed'},
});

/**
 * A small curriculum in the shape of the real one: an app lesson, a global-services lesson
 * with a probe check, hints, a question and a type-it-yourself step, and an optional one.
 */
export function fixtureLessons(): Lesson[] {
	const annotateK = cmd('kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite');
	const annotateT = cmd('kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite', 'tion');
	return [
		lesson(3, 'deploy-the-app', [
			step('apply', [], {
				title: 'Deploy the app',
				prose: 'Apply the **app** manifests in `both` clusters.',
				commands: [cmd('kubectl apply -f manifests/app.yaml', 'both')],
				solution: [cmd('kubectl apply -f manifests/app.yaml', 'both')],
			}),
			step('look', [], {title: 'Look around', prose: 'Nothing to run: read and move on.'}),
		], {title: 'Deploy the app', summary: 'Deploy rebel-base and x-wing in both clusters.', intro: '# Deploy the app\n\nTwo clusters, one app.', starts: {stage: 'mesh', encryption: false}}),
		lesson(4, 'global-services', [
			step('annotate-koornacht', [], {
				title: 'Make it global in Koornacht',
				prose: 'Annotate the Service in Koornacht, then probe.',
				commands: [annotateK],
				solution: [annotateK],
				check: [mixedFrom('koornacht')],
				hints: ['The annotation goes on `rebel-base`.', 'Use `kubectl annotate`.', 'Run the annotate command shown above.'],
			}),
			step('why', [], {
				title: 'Why?',
				quiz: {
					question: 'Why does Tion need the annotation too?',
					choices: [
						{text: 'It does not', correct: false},
						{text: 'Both sides must opt in', correct: true},
					],
					explanation: 'Since Cilium 1.14 both Services must be global.',
				},
			}),
			step('annotate-tion', [], {
				title: 'Your turn in Tion',
				prose: 'Type the annotate command for Tion yourself.',
				solution: [annotateT],
				check: [mixedFrom('tion')],
				hints: ['Same as Koornacht, in Tion.'],
			}),
		], {title: 'Global services', summary: 'Make rebel-base global.', intro: 'Flip the switch.'}),
		lesson(5, 'fault-resilience', [step('scale', ['kubectl scale deployment rebel-base --replicas=0'], {title: 'Scale to zero'})], {
			title: 'Fault resilience',
			summary: 'Lose a cluster.',
		}),
		lesson(9, 'ingress', [step('x', ['helm install ingress'], {title: 'Install', liveOnly: 'needs Docker networking'})], {
			title: 'Shared ingress',
			summary: 'An advanced extra.',
			optional: true,
		}),
	];
}

/** A learner who finished lesson 3 and stands on lesson 4's intro, the lab caught up to it. */
export function finishedLesson3(): Progress {
	const progress = markPassed(markPassed(emptyProgress('sim'), 'deploy-the-app', 'apply'), 'deploy-the-app', 'look');
	return moveLab(moveTo(progress, {lesson: 'global-services', step: 'annotate-koornacht', screen: 'intro'}), {lesson: 'global-services', step: 'annotate-koornacht'});
}

/** What the fake lab remembers: which clusters' Services are global. */
export interface FakeLabState {
	koornacht: boolean;
	tion: boolean;
}

export interface FakeBackend extends Backend {
	readonly ran: RunRequest[];
	readonly lab: FakeLabState;
	/** Commands containing this text hang until cancelled (like `FAKE_HANG`). */
	hang?: string;
}

/**
 * A scripted backend standing in for the simulator: `kubectl annotate … global` flips a
 * cluster's flag, and probes answer mixed only once both clusters are global (the 1.14+
 * rule), so checks fail before the step and pass after it.
 */
export function fakeBackend(kind: Backend['kind'] = 'sim'): FakeBackend {
	const lab: FakeLabState = {koornacht: false, tion: false};
	const ran: RunRequest[] = [];
	const sample = (from: 'koornacht' | 'tion') => {
		if (lab.koornacht && lab.tion) return 'KTKTKKTTKK';
		return from === 'koornacht' ? 'KKKKKKKKKK' : 'TTTTTTTTTT';
	};
	// The lab is always built to the mesh stage, so the lab plan's base build skips every task.
	const observer = scriptedObserver({}, {
		probe: async (query) => ({raw: probeRaw(sample(query.from))}),
		ciliumConfig: async (c) => ({clusterName: c, clusterId: c === 'koornacht' ? 1 : 2, policyDefaultLocalCluster: true}),
		caCertificate: async () => 'CA',
		deployment: async () => ({replicas: 2, readyReplicas: 2}),
		mesh: async (c) => ({enabled: true, connected: [c === 'koornacht' ? 'tion' : 'koornacht']}),
		service: async (c) => ({annotations: lab[c] ? {'service.cilium.io/global': 'true'} : ({} as Record<string, string>)}),
	});
	const backend: FakeBackend = {
		kind,
		label: kind === 'sim' ? 'SIMULATION' : 'LIVE',
		checkTiming: {budgetMs: 10_000, intervalMs: 2_000},
		observer,
		ran,
		lab,
		async run(request): Promise<RunResult> {
			ran.push(request);
			if (backend.hang && request.command.includes(backend.hang)) {
				request.onOutput({stream: 'stdout', text: 'waiting…\n'});
				await new Promise<void>((resolve) => {
					if (request.signal?.aborted) resolve();
					request.signal?.addEventListener('abort', () => resolve(), {once: true});
				});
				return {exitCode: 130, cancelled: true};
			}
			if (/annotate service rebel-base service\.cilium\.io\/global="true"/.test(request.command) && request.target !== 'lab') {
				lab[request.target] = true;
				request.onOutput({stream: 'stdout', text: 'service/rebel-base annotated\n'});
			} else if (request.command.startsWith('cilium clustermesh inspect')) {
				request.onOutput({stream: 'stderr', text: 'clustermesh-tutor: not supported by the simulator\n'});
				return {exitCode: 3, cancelled: false};
			} else if (request.command.includes('--context prod')) {
				request.onOutput({stream: 'stderr', text: 'clustermesh-tutor did not run this command: context "prod" is not one of the lab\'s; the tutorial reaches only its own clusters\n'});
				return {exitCode: 5, cancelled: false};
			} else if (request.command.startsWith('false')) {
				request.onOutput({stream: 'stderr', text: 'boom\n'});
				return {exitCode: 1, cancelled: false};
			} else {
				request.onOutput({stream: 'stdout', text: `ok: ${request.command}\n`});
			}
			return {exitCode: 0, cancelled: false};
		},
	};
	return backend;
}

/** A saver that keeps every write in memory. */
export function memorySaver(): ProgressSaver & {writes: Progress[]} {
	const writes: Progress[] = [];
	return {
		writes,
		save: (p: Progress) => {
			writes.push(p);
		},
		flush: async () => undefined,
	} as unknown as ProgressSaver & {writes: Progress[]};
}

export interface Session {
	readonly store: SessionStore;
	readonly lines: LineStore;
	readonly backend: FakeBackend;
	readonly saver: ProgressSaver & {writes: Progress[]};
	wipes: number;
}

/** A store attached to the fixture lessons and a fake backend, as `startTui` wires it. */
export function session(
	options: {progress?: Progress; kind?: Backend['kind']; lessons?: Lesson[]; observe?: SessionLab['observe']} = {},
): Session {
	const lines = new LineStore({intervalMs: 0});
	const backend = fakeBackend(options.kind);
	const saver = memorySaver();
	const store = new SessionStore({lines}, emptyProgress(backend.kind));
	const s: Session = {store, lines, backend, saver, wipes: 0};
	store.attach({
		lessons: options.lessons ?? fixtureLessons(),
		backend,
		info: {kind: backend.kind, label: backend.label, reason: 'Backend: simulator (--backend sim).'},
		progress: options.progress ?? emptyProgress(backend.kind),
		saver,
		clock: virtualClock(),
		wipe: async () => {
			s.wipes++;
			backend.lab.koornacht = false;
			backend.lab.tion = false;
		},
		observe: options.observe,
	});
	return s;
}
