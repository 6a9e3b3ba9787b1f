import {LAB_KINDS, type BackendKind, type LabKind} from '../../core/backend-kind.js';
import {fileSimStore} from '../../backends/sim/index.js';
import {TutorError} from '../../core/errors.js';
import {deleteProgress} from '../../state/progress-file.js';
import {acquireSessionLock, SessionLockedError} from '../../state/session-lock.js';
import type {CliContext} from '../context.js';

const LAB_NAME: Record<LabKind, string> = {sim: 'simulator', kind: 'live', attached: 'attached-clusters'};

/** What a reset clears, in the learner's words, for the question asked first. */
function describeReset(kinds: readonly LabKind[]): string {
	const labs = kinds.map((kind) => ({sim: 'the simulator', kind: 'live clusters', attached: 'attached clusters'})[kind]);
	const list = labs.length > 1 ? `${labs.slice(0, -1).join(', ')} and ${labs.at(-1)}` : labs[0];
	const lab = kinds.includes('sim') ? ', and empties the simulated lab' : '';
	return `Reset clears your progress on ${list}${lab}. Live clusters themselves are not touched (\`down\` deletes those).`;
}

export async function resetAction(ctx: CliContext, options: {backend: BackendKind | 'auto'; yes?: boolean}): Promise<void> {
	const kinds: readonly LabKind[] = options.backend === 'auto' ? LAB_KINDS : [options.backend];
	// A running session would write its progress back over the reset one: hold its lock meanwhile.
	const unlock = await acquireSessionLock(ctx.paths).catch((error: unknown) => {
		if (!(error instanceof SessionLockedError)) throw error;
		throw new TutorError(
			`cannot reset: a clustermesh-tutor session${error.pid ? ` (pid ${error.pid})` : ''} is using ${error.home}`,
			1,
			'quit that session first (q in the tutorial), then run `clustermesh-tutor reset` again',
		);
	});
	try {
		// A person at a terminal is asked first (progress cannot be brought back); scripts, and --yes, are not.
		if (!options.yes && ctx.isTTY && ctx.ask) {
			const answer = await ctx.ask(`${describeReset(kinds)}\nClear it? [y/N] `);
			if (!/^\s*y(es)?\s*$/i.test(answer)) {
				ctx.stdout('nothing cleared\n');
				return;
			}
		}
		for (const kind of kinds) {
			await deleteProgress(ctx.paths.progress(kind));
			ctx.stdout(`cleared ${LAB_NAME[kind]} progress (${ctx.paths.progress(kind)})\n`);
		}
		if (kinds.includes('sim')) {
			await fileSimStore(ctx.paths.simState).reset();
			ctx.stdout(`cleared the simulated lab (${ctx.paths.simState})\n`);
		}
	} finally {
		await unlock();
	}
}
