// `npm run bench`: measures the BUILT tool in a real pseudo-terminal and prints what it saw,
// as ratios from this one run. It never fails on timing: machines differ, the ratios matter.
//
// 1. Start-up: spawn to the first drawn frame (and to the lesson on screen) on the simulator,
//    against a bare `node -e 0` through the same pty wrapper. Median of several runs.
// 2. Streaming: a 200,000-line command run through the live runner (fake kind/kubectl/docker
//    from test/fakes, so no Docker is needed) into the output pane, timed inside the app from
//    spawn to the frame that shows "exit 0" (bench/app-probe.mjs), against the same command
//    writing to a file and against a bare node process reading it through a pipe (each run right
//    after the app's, while the app waits, so both meet the same machine); with the
//    frames written and the heap after a full GC before and after. Then the same stream once
//    more with a key pressed mid-stream, to show the app stays responsive.
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {clearTimeout, setTimeout} from 'node:timers';
import {fileURLToPath} from 'node:url';
import stripAnsi from 'strip-ansi';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'clustermesh-tutor.js');
const NODE = process.execPath;
const RUNS = 7;
const LINES = 200_000;
// The command gate refuses `read` (shell state), so seq formats the lines itself; %g prints integers below 10^6 in full.
const STREAM_PREFIX = `seq -f 'line %g: the quick brown fox jumps over the lazy dog'`;
/** Run `run` (from 1) prints LINES lines, numbered 1,000 further on than the run before: no run ends on lines an earlier one drew. */
const first = (run) => (run - 1) * 1000 + 1;
const stream = (run) => `${STREAM_PREFIX} ${first(run)} ${first(run) + LINES - 1}`;
// bench/stream-lesson.md runs stream(1..STREAM_RUNS) in its first STREAM_RUNS steps, then ten
// times as many lines in its last; the probe times every spawn of either.
const STREAM_RUNS = 9;
const lesson = readFileSync(path.join(ROOT, 'bench', 'stream-lesson.md'), 'utf8');
const lessonRuns = Array.from({length: STREAM_RUNS}, (_, i) => stream(i + 1));
if (lessonRuns.some((command) => !lesson.includes(`${command}\n`)) || !lesson.includes(`${STREAM_PREFIX} 1 ${LINES * 10}\n`)) throw new Error('bench: stream-lesson.md does not run the streams this bench times');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${Math.round(x)} ms`;
const temps = [];
const tempDir = (prefix) => {
	const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
	temps.push(dir);
	return dir;
};

if (!existsSync(path.join(ROOT, 'dist', 'cli.js'))) {
	console.error('bench: build first (npm run bench does)');
	process.exit(1);
}
for (const tool of ['script', 'tmux']) {
	if (spawnSync(tool, ['-V']).error) {
		console.error(`bench: needs \`${tool}\` (apt-get install ${tool === 'script' ? 'bsdutils' : 'tmux'})`);
		process.exit(1);
	}
}

/**
 * Runs a command in a fresh pty (`script`) and resolves the times from spawn until each
 * marker first appears on screen; the command's whole process group is killed after.
 */
function timeMarkers(command, markers, env) {
	return new Promise((resolve, reject) => {
		const start = performance.now();
		const child = spawn('script', ['-q', '-e', '-c', `stty cols 100 rows 30; exec ${command}`, '/dev/null'], {
			env: {...process.env, CI: 'false', NO_COLOR: '1', TERM: 'xterm-256color', ...env},
			stdio: ['pipe', 'pipe', 'ignore'],
			detached: true,
		});
		const seen = {};
		let text = '';
		const done = () => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
			resolve(seen);
		};
		const timer = setTimeout(() => reject(new Error(`no ${markers.join('/')} within 20 s:\n${stripAnsi(text).slice(-500)}`)), 20_000);
		child.stdout.on('data', (chunk) => {
			text += chunk.toString('utf8');
			const plain = stripAnsi(text);
			for (const marker of markers) if (!(marker in seen) && plain.includes(marker)) seen[marker] = performance.now() - start;
			if (markers.every((m) => m in seen)) {
				clearTimeout(timer);
				done();
			}
		});
		child.on('exit', () => {
			if (markers.length === 0) {
				clearTimeout(timer);
				resolve({exit: performance.now() - start});
			}
		});
	});
}

async function startup() {
	const bare = [];
	const first = [];
	const ready = [];
	for (let i = 0; i < RUNS; i++) {
		bare.push((await timeMarkers(`${NODE} -e 0`, [])).exit);
		const home = tempDir('cmt-bench-start-');
		const seen = await timeMarkers(`${NODE} ${BIN} --backend sim`, ['clustermesh-tutor', 'Press Enter to start'], {CLUSTERMESH_TUTOR_HOME: home});
		first.push(seen['clustermesh-tutor']);
		ready.push(seen['Press Enter to start']);
	}
	const base = median(bare);
	console.log(`\nStart-up on the simulator (median of ${RUNS}, through a pty):`);
	console.log(`  node -e 0 (spawn to exit)          ${ms(base)}`);
	console.log(`  first drawn frame                  ${ms(median(first))}   ratio ${(median(first) / base).toFixed(1)}x   (target: 300 ms or less)`);
	console.log(`  lesson text on screen              ${ms(median(ready))}   ratio ${(median(ready) / base).toFixed(1)}x   (target: 400 ms and 3x or less)`);
}

/** One tmux shell on a private socket, for the streaming run. */
function tmuxShell(env) {
	const socket = `cmt-bench-${process.pid}`;
	const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	const rc = path.join(tempDir('cmt-bench-rc-'), 'rc');
	const quote = (v) => `'${String(v).replace(/'/g, `'\\''`)}'`;
	writeFileSync(rc, Object.entries({...env, CI: 'false', NO_COLOR: '1', PS1: 'bench$ '}).map(([k, v]) => `export ${k}=${quote(v)}\n`).join(''));
	tmux('new-session', '-d', '-s', 'bench', '-x', '100', '-y', '30', `bash --noprofile --rcfile ${rc}`);
	tmux('resize-window', '-t', 'bench', '-x', '100', '-y', '30');
	const screen = () => tmux('capture-pane', '-p', '-t', 'bench');
	return {
		screen,
		keys: (...keys) => tmux('send-keys', '-t', 'bench', ...keys),
		typeLine: (line) => {
			tmux('send-keys', '-t', 'bench', '-l', line);
			tmux('send-keys', '-t', 'bench', 'Enter');
		},
		async waitFor(test, timeoutMs = 60_000, everyMs = 20) {
			const end = performance.now() + timeoutMs;
			for (;;) {
				const s = screen();
				const hit = typeof test === 'string' ? s.includes(test) && s : test instanceof RegExp ? test.test(s) && s : test(s);
				if (hit) return {screen: s, at: performance.now(), hit};
				if (performance.now() > end) throw new Error(`bench: timed out; screen:\n${s}`);
				await sleep(everyMs);
			}
		},
		panePid: () => Number(tmux('display', '-p', '-t', 'bench', '#{pane_pid}').trim()),
		kill: () => {
			try {
				tmux('kill-server');
			} catch {
				// Already gone.
			}
		},
	};
}

/**
 * A bare node process (nothing loaded) that spawns the streaming command as the live runner
 * does (`sh -c`, stdout piped) and only reads the pipe; it times itself from spawn to close.
 */
function pipeRead(command) {
	const script = `const t=performance.now();const c=require('node:child_process').spawn('sh',['-c',process.argv[1]],{stdio:['ignore','pipe','ignore']});c.stdout.on('data',()=>{});c.on('close',()=>console.log(performance.now()-t));`;
	return Number(execFileSync(NODE, ['-e', script, command], {encoding: 'utf8'}).trim());
}

async function streaming() {
	const dir = tempDir('cmt-bench-stream-');
	const home = path.join(dir, 'state');
	const lessons = path.join(dir, 'lessons');
	mkdirSync(home, {recursive: true});
	mkdirSync(lessons);
	cpSync(path.join(ROOT, 'bench', 'stream-lesson.md'), path.join(lessons, '01-stream.md'));
	// The lab clusters count as the tool's own (the live runner refuses others), as after `up`.
	const since = new Date().toISOString();
	writeFileSync(path.join(home, 'kind-clusters.json'), JSON.stringify({schema: 1, clusters: {koornacht: {state: 'created', since}, tion: {state: 'created', since}}}));
	const probe = path.join(dir, 'probe.json');
	const shell = tmuxShell({
		PATH: `${path.join(ROOT, 'test', 'fakes', 'bin')}${path.delimiter}${process.env.PATH}`,
		FAKE_STATE: path.join(dir, 'fake-state.json'),
		FAKE_LOG: path.join(dir, 'fake-log.jsonl'),
		CLUSTERMESH_TUTOR_HOME: home,
		CLUSTERMESH_TUTOR_LESSONS: lessons,
		CMT_BENCH_PROBE: probe,
		CMT_BENCH_STREAM: STREAM_PREFIX,
	});
	try {
		await shell.waitFor('bench$');
		shell.typeLine(`${NODE} --expose-gc --import ${path.join(ROOT, 'bench', 'app-probe.mjs')} ${BIN} --backend kind`);
		await shell.waitFor('Press Enter to start');
		shell.keys('Enter');
		await shell.waitFor(`Step 1 of ${STREAM_RUNS + 1}`);
		const app = Number(execFileSync('pgrep', ['-P', String(shell.panePid())], {encoding: 'utf8'}).trim().split('\n')[0]);
		process.kill(app, 'SIGUSR2');
		await sleep(200);

		// 1. The stream alone, STREAM_RUNS times: nothing else asks the app for a frame. After each,
		// while the app waits, the same command to a file and read by a bare node.
		const fileTimes = [];
		const piped = [];
		const file = path.join(dir, 'out.txt');
		const toFile = (command) => {
			const t = performance.now();
			execFileSync('sh', ['-c', `${command} > ${file}`]);
			return performance.now() - t;
		};
		let wall = Infinity;
		let lastLine = true;
		for (let run = 1; run <= STREAM_RUNS; run++) {
			const start = performance.now();
			shell.keys('Enter');
			// Looked at every 100 ms: each look starts a tmux client, which competes with the app for
			// the CPUs while it streams (the times come from the probe inside the app, not from this).
			const done = await shell.waitFor((s) => /Output · ✔ exit 0/.test(s) && s, 300_000, 100);
			wall = Math.min(wall, done.at - start);
			// tmux may capture a frame half written (its top new, its rows below still the last frame's): look again.
			const last = `line ${first(run) + LINES - 1}:`;
			lastLine &&= done.screen.includes(last) || (await shell.waitFor(last, 2_000).then(() => true, () => false));
			if (run === 1) {
				process.kill(app, 'SIGUSR2');
				await sleep(300);
			}
			shell.keys('n');
			await shell.waitFor(`Step ${run + 1} of ${STREAM_RUNS + 1}`);
			fileTimes.push(toFile(stream(run)));
			piped.push(pipeRead(stream(run)));
		}

		// 2. Ten times as long, with the help overlay opened mid-stream.
		shell.keys('Enter');
		await shell.waitFor(/running \d/, 10_000, 5);
		const asked = performance.now();
		shell.keys('?');
		const help = await shell.waitFor((s) => s.includes('any key closes this help'), 10_000, 5);
		shell.keys('Escape');
		const afterHelp = await shell.waitFor((s) => /running \d|exit \d/.test(s) && s, 10_000, 5);
		const midStream = /running \d/.test(afterHelp.screen);
		await shell.waitFor((s) => /Output · ✔ exit 0/.test(s), 300_000, 20);
		shell.keys('q');
		await shell.waitFor((s) => s.trimEnd().endsWith('bench$'), 10_000);
		await sleep(200);

		const fileTime = median(fileTimes);
		const pipe = median(piped);
		const stats = JSON.parse(readFileSync(probe, 'utf8'));
		const [before, after] = stats.samples;
		const runs = stats.streams.slice(0, STREAM_RUNS);
		const long = stats.streams[STREAM_RUNS];
		const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
		const span = (run, to) => (run?.[to] === undefined ? NaN : run[to] - run.spawn);
		const exited = median(runs.map((run) => span(run, 'exit')));
		const shown = median(runs.map((run) => span(run, 'shown')));
		console.log(`\nStreaming ${LINES.toLocaleString('en')} lines into the output pane (live runner, fake tools; medians of ${STREAM_RUNS}):`);
		console.log(`  same command to a file                    ${ms(fileTime)}`);
		console.log(`  read by bare node, spawn to close         ${ms(pipe)}   ratio ${(pipe / fileTime).toFixed(1)}x to the file`);
		console.log(`  in the TUI, spawn to exit                 ${ms(exited)}   ratio ${(exited / pipe).toFixed(2)}x`);
		console.log(`  in the TUI, spawn to "exit 0" drawn       ${ms(shown)}   ratio ${(shown / pipe).toFixed(2)}x   (target: 1.3x or less against bare node)`);
		console.log(`  each run, spawn to "exit 0" drawn         ${runs.map((run) => ms(span(run, 'shown'))).join(', ')}`);
		console.log(`  each run, bare node reading the pipe      ${piped.map(ms).join(', ')}`);
		console.log(`  Enter to "exit 0" seen in tmux (fastest)  ${ms(wall)} wall (tmux polled every 100 ms)`);
		console.log(`  last line on screen                       ${lastLine ? 'yes' : 'NO'}`);
		console.log(`  first run: frames written                 ${after.writes - before.writes} (${mb(after.bytes - before.bytes)} to the terminal)`);
		console.log(`  first run: heap after full GC             before ${mb(before.heapUsed)}, after ${mb(after.heapUsed)}   growth ${mb(after.heapUsed - before.heapUsed)} (peak ${mb(stats.peakHeapUsed)})`);
		console.log(`  ${(LINES * 10).toLocaleString('en')} lines with ? pressed mid-stream  help drawn after ${ms(help.at - asked)}${midStream ? ', the command still running' : ' (the command had already ended)'}; spawn to "exit 0" drawn ${ms(span(long, 'shown'))}`);
	} finally {
		shell.kill();
	}
}

try {
	console.log(`clustermesh-tutor bench · node ${process.version} · ${os.cpus().length} CPU(s) · ${os.platform()}`);
	await startup();
	await streaming();
} finally {
	for (const dir of temps) rmSync(dir, {recursive: true, force: true});
}
