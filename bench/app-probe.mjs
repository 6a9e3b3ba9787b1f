// Preloaded into the TUI by the benchmark only (`node --expose-gc --import ./bench/app-probe.mjs`):
// counts what the app writes to the terminal; on SIGUSR2 records the heap after a full GC; and
// times every command the app spawns whose script contains $CMT_BENCH_STREAM: spawn, exit
// (the child's stdio closed) and the first frame after it that shows "exit 0". On exit it
// writes all of it to $CMT_BENCH_PROBE as JSON. The app itself is unchanged: child_process's
// spawn is wrapped here, and syncBuiltinESMExports hands the wrapper to its ESM importers.
import {Buffer} from 'node:buffer';
import childProcess from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {syncBuiltinESMExports} from 'node:module';
import {performance} from 'node:perf_hooks';
import {setInterval} from 'node:timers';

const out = process.env.CMT_BENCH_PROBE;
const marker = process.env.CMT_BENCH_STREAM;
const samples = [];
const streams = [];
let writes = 0;
let bytes = 0;

const spawn = childProcess.spawn;
childProcess.spawn = function (file, args, ...rest) {
	const child = spawn.call(this, file, args, ...rest);
	if (marker && Array.isArray(args) && args.some((arg) => String(arg).includes(marker))) {
		const run = {spawn: performance.now()};
		streams.push(run);
		child.on('close', () => (run.exit = performance.now()));
	}
	return child;
};
syncBuiltinESMExports();

const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
	writes++;
	bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
	const run = streams.at(-1);
	if (run && run.exit === undefined) (run.during ??= []).push(Math.round(performance.now() - run.spawn));
	if (run?.exit !== undefined && run.shown === undefined) (run.after ??= []).push([Math.round(performance.now() - run.spawn), String(chunk).length]);
	if (run?.exit !== undefined && run.shown === undefined && String(chunk).includes('exit 0')) run.shown = performance.now();
	return write(chunk, ...rest);
};
process.on('SIGUSR2', () => {
	globalThis.gc?.();
	samples.push({at: Date.now(), heapUsed: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss, writes, bytes});
});
let peak = 0;
setInterval(() => {
	peak = Math.max(peak, process.memoryUsage().heapUsed);
}, 50).unref();
process.on('exit', () => {
	if (out) writeFileSync(out, JSON.stringify({samples, streams, writes, bytes, peakHeapUsed: peak}));
});
