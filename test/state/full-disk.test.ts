import {spawnSync} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync} from 'node:fs';
import * as fs from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {writeLabKubeconfig} from '../../src/backends/kind/kubeconfig.js';
import {ownershipStore} from '../../src/backends/kind/ownership.js';
import {ensureToolShim} from '../../src/backends/kind/tool-shim.js';
import {EnvironmentError} from '../../src/core/errors.js';
import {EXIT} from '../../src/core/exit-codes.js';
import {statePaths} from '../../src/state/paths.js';
import {emptyProgress} from '../../src/state/progress.js';
import {saveProgress} from '../../src/state/progress-file.js';
import {acquireSessionLock} from '../../src/state/session-lock.js';
import {writeFileVerified, type WriteFs} from '../../src/state/verified-write.js';
import {testCli} from '../helpers/cli.js';

const scratch = () => mkdtempSync(path.join(tmpdir(), 'cmt-disk-'));

/** A filesystem that accepts `capacity` bytes of file data in all, then fails writes like a full disk. */
function fullDiskFs(capacity: number, options: {shortWrites?: number; lieAboutSize?: boolean} = {}): WriteFs {
	let left = capacity;
	return {
		...fs,
		open: (async (file: string, flags: string, mode?: number) => {
			const handle = await fs.open(file, flags, mode);
			return new Proxy(handle, {
				get(target, key) {
					if (key === 'write') {
						return async (buffer: Uint8Array, offset: number, length: number, position: number) => {
							const n = Math.min(length, left, options.shortWrites ?? length);
							if (n <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), {code: 'ENOSPC'});
							left -= n;
							return target.write(buffer, offset, n, position);
						};
					}
					if (key === 'stat' && options.lieAboutSize) return async () => ({...(await target.stat()), size: 1});
					const value = Reflect.get(target, key) as unknown;
					return typeof value === 'function' ? value.bind(target) : value;
				},
			});
		}) as WriteFs['open'],
	};
}

const expectFull = (error: unknown, file: string) => {
	expect(error).toBeInstanceOf(EnvironmentError);
	expect((error as EnvironmentError).exitCode).toBe(EXIT.environment);
	expect((error as Error).message).toContain(file);
	expect((error as EnvironmentError).fix).toContain('free some space');
};

const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.includes('.tmp-'));

describe('verified writes on an injected full disk', () => {
	it('keeps the previous file and says "free some space" when the disk fills mid-write', async () => {
		const dir = scratch();
		const file = path.join(dir, 'state.json');
		writeFileSync(file, 'previous');
		const error = await writeFileVerified(file, 'x'.repeat(10_000), {fs: fullDiskFs(4_000)}).catch((e: unknown) => e);
		expectFull(error, file);
		expect(readFileSync(file, 'utf8')).toBe('previous');
		expect(leftovers(dir)).toEqual([]);
	});

	it('continues short writes to the end, and refuses a temp file whose size is wrong', async () => {
		const dir = scratch();
		const file = path.join(dir, 'state.json');
		await writeFileVerified(file, 'y'.repeat(1_000), {fs: fullDiskFs(1_000_000, {shortWrites: 7})});
		expect(readFileSync(file, 'utf8')).toBe('y'.repeat(1_000));
		const error = await writeFileVerified(file, 'z'.repeat(50), {fs: fullDiskFs(1_000_000, {lieAboutSize: true})}).catch((e: unknown) => e);
		expectFull(error, file);
		expect(readFileSync(file, 'utf8')).toBe('y'.repeat(1_000));
	});

	it('removes temp files left by writers that were killed, and only theirs', async () => {
		const dir = scratch();
		const file = path.join(dir, 'lab.json');
		const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
		writeFileSync(`${file}.tmp-${dead}-abc`, '');
		writeFileSync(`${file}.tmp-${process.ppid}-def`, 'a live writer');
		await writeFileVerified(file, '{}');
		expect(leftovers(dir)).toEqual([`lab.json.tmp-${process.ppid}-def`]);
	});
});

/**
 * The real thing: the state folder on a tiny tmpfs, filled up, for every path that writes.
 * Mounting needs root (CI containers have it); elsewhere these are skipped with a message.
 */
const mountPoint = path.join(tmpdir(), `cmt-tmpfs-${process.pid}`);
mkdirSync(mountPoint, {recursive: true});
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint]).status === 0;
if (!mounted) console.log('full-disk tests on tmpfs skipped: cannot mount a tmpfs here (needs root); the injected full disk above still runs');

/** Fills the filesystem, keeping about `keep` bytes free; returns a function that frees it again. */
function fill(keep = 0): () => void {
	const filler = path.join(mountPoint, `filler-${Math.random().toString(36).slice(2)}`);
	const fd = openSync(filler, 'w');
	const block = Buffer.alloc(4096, 1);
	try {
		for (;;) writeSync(fd, block);
	} catch {
		// ENOSPC: full.
	}
	closeSync(fd);
	if (keep > 0) {
		const size = readFileSync(filler).length;
		writeFileSync(filler, Buffer.alloc(Math.max(0, size - keep), 1));
	}
	return () => rmSync(filler, {force: true});
}

describe.skipIf(!mounted)('every write path with the state folder on a full tmpfs', () => {
	afterAll(() => {
		spawnSync('umount', [mountPoint]);
		rmSync(mountPoint, {recursive: true, force: true});
	});

	let home: string;
	let cli: ReturnType<typeof testCli>;
	beforeAll(async () => {
		home = path.join(mountPoint, 'state');
		cli = testCli(home);
		expect((await cli.run('up', '--backend', 'sim')).exitCode).toBe(0);
	}, 60_000);

	it('simulator commands: exit 4 naming lab.json, the lab unchanged, and working again once space is freed', async () => {
		const lab = statePaths(home).simState;
		const before = readFileSync(lab);
		let runs = 0;
		let refused = 0;
		let lost = 0;
		// From no space at all to nearly enough: each run either succeeds whole or fails leaving the old lab.
		for (const keep of [0, 4_096, 16_384, 65_536, 131_072, 180_000, 190_000, 200_000, 262_144, 400_000].flatMap((k) => [k, k + 1_000])) {
			const free = fill(keep);
			const current = readFileSync(lab);
			const ran = await cli.run('exec', '--cluster', 'koornacht', '--backend', 'sim', '--', `kubectl scale deploy/rebel-base --replicas=${2 + (runs % 3)}`);
			runs++;
			free();
			const after = readFileSync(lab, 'utf8');
			if (ran.exitCode === 0) {
				expect(() => JSON.parse(after)).not.toThrow();
			} else {
				expect(ran.exitCode).toBe(EXIT.environment);
				refused++;
				expect(ran.stderr).toContain(lab);
				expect(ran.stderr).toContain('free some space');
				if (after !== current.toString()) lost++;
			}
			expect(leftovers(path.dirname(lab))).toEqual([]);
		}
		console.log(`full disk: ${runs} simulator runs, ${refused} refused with exit 4, ${lost} lab files lost`);
		expect(refused).toBeGreaterThan(0);
		expect(refused).toBeLessThan(runs);
		expect(lost).toBe(0);
		expect((await cli.run('exec', '--cluster', 'koornacht', '--backend', 'sim', '--', 'kubectl get deploy rebel-base')).exitCode).toBe(0);
		expect(before.length).toBeGreaterThan(0);
	});

	it('progress, cluster ownership, the lab kubeconfig and the tool shim keep their old content', async () => {
		const paths = statePaths(home);
		await saveProgress(paths.progress('sim'), emptyProgress('sim'));
		const ownership = ownershipStore(paths.ownership);
		await ownership.record('koornacht', 'created');
		mkdirSync(paths.kubeDir, {recursive: true});
		writeFileSync(paths.kubeconfig('koornacht'), 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
		await writeLabKubeconfig(paths);
		const shimDir = path.join(home, 'bin');
		await ensureToolShim(shimDir, '#!/bin/sh\necho one\n');
		const files = [paths.progress('sim'), paths.ownership, paths.labKubeconfig, path.join(shimDir, 'clustermesh-tutor')];
		const before = files.map((f) => readFileSync(f, 'utf8'));

		const free = fill();
		try {
			const big = {...emptyProgress('sim'), lessons: Object.fromEntries(Array.from({length: 200}, (_, i) => [`lesson-${i}`, {passed: ['a'.repeat(50)], skipped: [], hints: {}, solutions: []}]))};
			const writes: [string, () => Promise<unknown>][] = [
				[paths.progress('sim'), () => saveProgress(paths.progress('sim'), big)],
				[paths.ownership, () => ownership.record('tion', 'creating')],
				[paths.labKubeconfig, async () => {
					writeFileSync(paths.kubeconfig('tion'), '');
					return writeLabKubeconfig(paths);
				}],
				[path.join(shimDir, 'clustermesh-tutor'), () => ensureToolShim(shimDir, `#!/bin/sh\necho ${'two'.repeat(3000)}\n`)],
			];
			for (const [file, write] of writes) expectFull(await write().then(() => undefined, (e: unknown) => e), file);
		} finally {
			free();
		}
		expect(files.map((f) => readFileSync(f, 'utf8'))).toEqual(before);
		for (const dir of [home, paths.kubeDir, shimDir]) expect(leftovers(dir)).toEqual([]);
	});

	it('the session lock: exit 4 when its pid file cannot be written, and no lock left behind', async () => {
		const paths = statePaths(home);
		const free = fill();
		try {
			const error = await acquireSessionLock(paths).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(EnvironmentError);
			expect((error as EnvironmentError).fix).toContain('free some space');
		} finally {
			free();
		}
		expect(existsSync(paths.lock)).toBe(false);
		await (await acquireSessionLock(paths))();
	});
});
