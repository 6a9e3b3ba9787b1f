import type {BackendKind, LabKind} from '../../core/backend-kind.js';
import {fileSimStore} from '../../backends/sim/index.js';
import {TutorError} from '../../core/errors.js';
import {deleteProgress} from '../../state/progress-file.js';
import {acquireSessionLock, SessionLockedError} from '../../state/session-lock.js';
import type {CliContext} from '../context.js';

const LAB_NAME: Record<LabKind, string> = {sim: 'simulator', kind: 'live', attached: 'attached-clusters'};

export async function resetAction(ctx: CliContext, options: {backend: BackendKind | 'auto'}): Promise<void> {
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
		const kinds: LabKind[] = options.backend === 'auto' ? ['sim', 'kind', 'attached'] : [options.backend];
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
