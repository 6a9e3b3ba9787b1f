import type {Command} from 'commander';

export interface LessonsCommandContext {
	/** The package root (holds lessons/, manifests/, kind-configs/). */
	readonly root: string;
	readonly stdout: (text: string) => void;
	readonly stderr: (text: string) => void;
	readonly cwd: string;
	setExitCode(code: number): void;
}

export function registerLessonsCommands(program: Command, ctx: LessonsCommandContext): void {
	const lessons = program.command('lessons').description('check and list the lessons (for lesson authors)');

	lessons
		.command('lint')
		.description('check lesson files: format, checks, hints, the start/leave chain, command safety')
		.argument('[files...]', 'lesson files to report on (default: every lessons/*.md)')
		.action(async (files: string[]) => {
			const {lintAction} = await import('../actions/lessons.js');
			await lintAction(ctx, files);
		});

	lessons
		.command('test')
		.description('author harness: prove every check fails before its step, passes after it and rejects the declared wrong answers (simulator, fresh lab)')
		.option('--lesson <id>', 'a lesson to test (number or id; repeatable); default: every lesson', (v: string, prev: string[]) => [...prev, v], [])
		.option('--json', 'print the proofs as JSON')
		.action(async (options: {lesson: string[]; json?: boolean}) => {
			const {testAction} = await import('../actions/lessons.js');
			await testAction(ctx, options);
		});

	lessons
		.command('list')
		.description('list the lessons in order')
		.option('--json', 'print JSON')
		.action(async (options: {json?: boolean}) => {
			const {listAction} = await import('../actions/lessons.js');
			await listAction(ctx, options);
		});
}
