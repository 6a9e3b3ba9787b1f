import {randomBytes} from 'node:crypto';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {linePrefixer} from '../../src/core/text.js';
import {runLessonCommand} from '../../src/engine/run-command.js';
import {fakeLab, REPO_ROOT} from '../fakes/harness.js';

/** `exec` output on the live backend (fake tools at the process boundary): bytes kept, long lines cheap. */
describe('exec output', () => {
	const lab = fakeLab();
	afterAll(() => lab.cleanup());

	it('passes a command\'s bytes through unchanged when it does not prefix them', async () => {
		const bytes = randomBytes(1000);
		// The gate lets text tools filter standard input only, so the bytes travel as base64.
		const ran = await execa('node', [path.join(REPO_ROOT, 'bin', 'clustermesh-tutor.js'), 'exec', '--backend', 'kind', '--cluster', 'koornacht', '--', `echo ${bytes.toString('base64')} | base64 -d`], {
			env: {...lab.env, CLUSTERMESH_TUTOR_HOME: lab.home},
			extendEnv: false,
			encoding: 'buffer',
			reject: false,
		});
		expect(ran.exitCode, Buffer.from(ran.stderr).toString()).toBe(0);
		expect(Buffer.from(ran.stdout).equals(bytes)).toBe(true);
	});

	it('prefixes a 20 MB line from each cluster (--cluster both) in well under 2 s', async () => {
		const backend = lab.backend();
		let written = 0;
		const out = linePrefixer((text) => (written += text.length));
		const started = performance.now();
		const result = await runLessonCommand(
			backend,
			{target: 'both', command: `printf '%0${20 * 1024 * 1024}d' 0 | tr 0 x`},
			{onOutput: (chunk) => out.push(`[${chunk.cluster ?? ''}] `, chunk.text)},
		);
		out.flush();
		const took = performance.now() - started;
		expect(result.exitCode).toBe(0);
		expect(written).toBe(2 * (20 * 1024 * 1024 + 1) + '[koornacht] '.length + '[tion] '.length);
		console.log(`--cluster both, 20 MB line: ${took.toFixed(0)} ms`);
		expect(took).toBeLessThan(2_000);
	});
});
