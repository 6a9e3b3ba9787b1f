import type {LabStateSpec, Lesson, Step} from '../../src/lessons/model.js';

export const stage = (s: LabStateSpec['stage']): LabStateSpec => ({stage: s, encryption: false});

export function step(id: string, commands: string[] = [], extra: Partial<Step> = {}): Step {
	const cmds = commands.map((command, i) => ({target: 'koornacht' as const, command, line: i + 1}));
	return {id, title: id, line: 1, prose: '', commands: cmds, solution: cmds, check: [], hints: [], wrong: [], ...extra};
}

export function lesson(order: number, id: string, steps: Step[], extra: Partial<Lesson> = {}): Lesson {
	return {
		id,
		title: id,
		order,
		optional: false,
		summary: '',
		file: `lessons/${String(order).padStart(2, '0')}-${id}.md`,
		starts: stage('app'),
		leaves: stage('app'),
		intro: '',
		steps,
		...extra,
	};
}
