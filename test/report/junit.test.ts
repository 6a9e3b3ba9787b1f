import {existsSync, mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {XMLParser, XMLValidator} from 'fast-xml-parser';
import {afterEach, describe, expect, it} from 'vitest';
import {formatJunit, type JunitStep} from '../../src/report/junit.js';
import {testCli} from '../helpers/cli.js';

const parser = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase'});

interface Parsed {
	testsuites: {
		name: string;
		tests: string;
		failures: string;
		skipped: string;
		testsuite: Array<{name: string; tests: string; failures: string; skipped: string; testcase: Array<{name: string; classname: string; failure?: {message: string; '#text': string}; skipped?: {message: string}}>}>;
	};
}

function parse(xml: string): Parsed {
	expect(XMLValidator.validate(xml)).toBe(true);
	return parser.parse(xml) as Parsed;
}

const step = (lesson: string, id: string, verdict: JunitStep['verdict'], extra: Partial<JunitStep> = {}): JunitStep => ({
	lesson,
	step: id,
	verdict,
	expected: '',
	observed: '',
	reason: '',
	...extra,
});

describe('JUnit report', () => {
	it('one testsuite per lesson, one testcase per step; failures carry expected and observed, skips their reason', () => {
		const xml = formatJunit({
			backend: 'sim',
			steps: [
				step('global-services', 'deploy', 'pass'),
				step('global-services', 'annotate', 'fail', {expected: 'replies from <Koornacht> & "Tion"', observed: '\u001b[31monly Koornacht\u001b[0m\u0007', reason: 'check failed after 3 attempt(s)', hint: 'annotate both'}),
				step('hubble', 'observe', 'skip', {reason: 'live-only: needs a real Hubble Relay'}),
			],
		});
		const {testsuites} = parse(xml);
		expect(testsuites).toMatchObject({tests: '3', failures: '1', skipped: '1'});
		expect(testsuites.testsuite.map((s) => [s.name, s.tests, s.failures, s.skipped])).toEqual([
			['global-services', '2', '1', '0'],
			['hubble', '1', '0', '1'],
		]);
		const failed = testsuites.testsuite[0]?.testcase[1];
		expect(failed?.classname).toBe('clustermesh-tutor.global-services');
		expect(failed?.failure?.message).toBe('expected replies from <Koornacht> & "Tion"; observed only Koornacht');
		expect(failed?.failure?.['#text']).toContain('expected: replies from <Koornacht> & "Tion"');
		expect(failed?.failure?.['#text']).toContain('hint: annotate both');
		expect(testsuites.testsuite[1]?.testcase[0]?.skipped?.message).toBe('live-only: needs a real Hubble Relay');
	});

	it('an empty report is still valid XML', () => {
		expect(parse(formatJunit({backend: 'kind', steps: []})).testsuites.tests).toBe('0');
	});
});

describe('verify --junit', () => {
	const dirs: string[] = [];
	afterEach(() => {
		for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true});
	});

	it('writes a report that counts every step of the JSON report, atomically, into a new folder', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cmt-junit-'));
		dirs.push(dir);
		const cli = testCli(path.join(dir, 'home'));
		const file = path.join(dir, 'reports', 'junit.xml');
		const run = await cli.run('verify', '--backend', 'sim', '--lesson', '3', '--seed', '7', '--json', '--junit', file);
		const report = JSON.parse(run.stdout) as {steps: Array<{lesson: string; verdict: string}>; failed: number; skipped: number};
		const {testsuites} = parse(readFileSync(file, 'utf8'));
		const cases = testsuites.testsuite.flatMap((s) => s.testcase);
		expect(report.steps.length).toBeGreaterThan(0);
		expect(cases).toHaveLength(report.steps.length);
		expect(Number(testsuites.tests)).toBe(report.steps.length);
		expect(Number(testsuites.failures)).toBe(report.failed);
		expect(Number(testsuites.skipped)).toBe(report.skipped);
		expect(testsuites.testsuite.map((s) => s.name)).toEqual([...new Set(report.steps.map((s) => s.lesson))]);
		expect(readdirSync(path.dirname(file))).toEqual(['junit.xml']);
	}, 60_000);

	it('an unwritable target is a clear error, and nothing half-written is left', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cmt-junit-'));
		dirs.push(dir);
		const cli = testCli(path.join(dir, 'home'));
		const blocker = path.join(dir, 'file');
		await import('node:fs/promises').then((fs) => fs.writeFile(blocker, 'x'));
		const run = await cli.run('verify', '--backend', 'sim', '--lesson', '3', '--junit', path.join(blocker, 'junit.xml'));
		expect(run.exitCode).toBe(1);
		expect(run.stderr).toMatch(/--junit .*junit\.xml: cannot write it/);
		expect(existsSync(path.join(blocker, 'junit.xml'))).toBe(false);
	}, 60_000);
});
