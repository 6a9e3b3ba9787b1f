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
