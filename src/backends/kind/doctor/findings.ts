/** One line of the doctor's report. */
export interface Finding {
	readonly id: string;
	readonly status: 'ok' | 'warn' | 'fail';
	readonly title: string;
	readonly detail: string;
	/** The exact command (or action) that fixes it. */
	readonly fix?: string;
}

export interface DoctorReport {
	readonly schema: 1;
	readonly ok: boolean;
	readonly findings: readonly Finding[];
}

export function doctorReport(findings: readonly Finding[]): DoctorReport {
	return {schema: 1, ok: findings.every((f) => f.status !== 'fail'), findings};
}

/** `doctor --json` (schema 2): every finding with its id, its level and its fix (null when there is nothing to fix). */
export interface DoctorJson {
	readonly schema: 2;
	readonly ok: boolean;
	readonly findings: readonly {readonly id: string; readonly level: Finding['status']; readonly title: string; readonly detail: string; readonly fix: string | null}[];
}

export function doctorJson(report: DoctorReport): DoctorJson {
	return {
		schema: 2,
		ok: report.ok,
		findings: report.findings.map((f) => ({id: f.id, level: f.status, title: f.title, detail: f.detail, fix: f.fix ?? null})),
	};
}
