import type {DoctorReport, Finding} from './findings.js';

const MARK: Record<Finding['status'], string> = {ok: '✔', warn: '!', fail: '✘'};

/** One line per finding (mark, title, detail), the fix indented under it, then a summary. */
export function formatDoctorReport(report: DoctorReport): string {
	const lines: string[] = [];
	for (const f of report.findings) {
		lines.push(`${MARK[f.status]} ${f.title}${f.detail ? ` — ${f.detail}` : ''}`);
		if (f.fix) lines.push(`    fix: ${f.fix}`);
	}
	const fails = report.findings.filter((f) => f.status === 'fail').length;
	const warns = report.findings.filter((f) => f.status === 'warn').length;
	lines.push(
		'',
		fails > 0
			? `${fails} problem(s) block live kind clusters, ${warns} warning(s). Until they are fixed, \`--backend sim\` runs every lesson offline.`
			: `Ready for live kind clusters${warns > 0 ? ` (${warns} warning(s) above)` : ''}: run \`clustermesh-tutor up\`.`,
	);
	return `${lines.join('\n')}\n`;
}
