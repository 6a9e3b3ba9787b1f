import {execFileSync} from 'node:child_process';
import {mkdtempSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {ensureToolShim, toolShimScript, withToolPath} from '../../src/backends/kind/tool-shim.js';
import {REPO_ROOT} from '../fakes/harness.js';

describe('the clustermesh-tutor shim for live commands', () => {
	it('runs this install with this Node, found first on PATH', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cmt-shim-'));
		await ensureToolShim(dir, toolShimScript(process.execPath, REPO_ROOT));
		await ensureToolShim(dir, toolShimScript(process.execPath, REPO_ROOT));
		expect(statSync(path.join(dir, 'clustermesh-tutor')).mode & 0o111).not.toBe(0);
		const env = withToolPath({PATH: '/usr/bin:/bin'}, dir);
		expect(env.PATH).toBe(`${dir}:/usr/bin:/bin`);
		const version = execFileSync('sh', ['-c', 'clustermesh-tutor --version'], {env, encoding: 'utf8'});
		expect(version.trim()).toMatch(/^\d+\.\d+\.\d+$/);
	});

	it('quotes paths with spaces', () => {
		expect(toolShimScript('/opt/my node/bin/node', '/a b')).toBe("#!/bin/sh\nexec '/opt/my node/bin/node' '/a b/bin/clustermesh-tutor.js' \"$@\"\n");
	});
});
