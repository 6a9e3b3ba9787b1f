import stripAnsi from 'strip-ansi';

/** The fields of one verified step this formatter reads (verify's report, schema 1). */
export interface JunitStep {
	readonly lesson: string;
	readonly step: string;
	readonly verdict: 'pass' | 'fail' | 'skip';
	readonly expected: string;
	readonly observed: string;
	readonly reason: string;
	readonly hint?: string;
}

export interface JunitInput {
	readonly backend: string;
	readonly steps: readonly JunitStep[];
}

// XML 1.0 forbids most control characters even when escaped; commands' output can carry them.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function text(value: string): string {
	return stripAnsi(value)
		.replace(INVALID_XML, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;');
}

function attr(value: string): string {
	return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

function counts(steps: readonly JunitStep[]): string {
	const n = (v: JunitStep['verdict']) => steps.filter((s) => s.verdict === v).length;
	return `tests="${steps.length}" failures="${n('fail')}" errors="0" skipped="${n('skip')}"`;
}

function testcase(step: JunitStep): string {
	const open = `    <testcase classname="clustermesh-tutor.${attr(step.lesson)}" name="${attr(step.step)}"`;
	if (step.verdict === 'pass') return `${open}/>`;
	if (step.verdict === 'skip') return `${open}>\n      <skipped message="${attr(step.reason)}"/>\n    </testcase>`;
	const body = [`expected: ${step.expected}`, `observed: ${step.observed}`, ...(step.hint ? [`hint: ${step.hint}`] : [])].join('\n');
	return `${open}>\n      <failure message="${attr(`expected ${step.expected}; observed ${step.observed}`)}" type="${attr(step.reason)}">${text(body)}</failure>\n    </testcase>`;
}

/**
 * Pure: verify's report as JUnit XML, the format CI systems and test dashboards read: one
 * testsuite per lesson (in report order), one testcase per step, a failure with what was
 * expected and observed, skipped with its reason.
 */
export function formatJunit(report: JunitInput): string {
	const lessons: string[] = [];
	for (const step of report.steps) if (!lessons.includes(step.lesson)) lessons.push(step.lesson);
	const suites = lessons.map((lesson) => {
		const steps = report.steps.filter((s) => s.lesson === lesson);
		return [`  <testsuite name="${attr(lesson)}" ${counts(steps)}>`, ...steps.map(testcase), '  </testsuite>'].join('\n');
	});
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<testsuites name="clustermesh-tutor verify (${attr(report.backend)})" ${counts(report.steps)}>`,
		...suites,
		'</testsuites>',
		'',
	].join('\n');
}
