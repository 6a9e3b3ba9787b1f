// Preloaded into the TUI by the benchmark only (`node --expose-gc --import ./bench/heap-probe.mjs`):
// counts what the app writes to the terminal and, on SIGUSR2, records the heap after a full
// GC. On exit it writes the samples to $CMT_BENCH_PROBE as JSON. The app itself is unchanged.
import {Buffer} from 'node:buffer';
import {writeFileSync} from 'node:fs';
import {setInterval} from 'node:timers';

const out = process.env.CMT_BENCH_PROBE;
const samples = [];
let writes = 0;
let bytes = 0;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
	writes++;
	bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
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
	if (out) writeFileSync(out, JSON.stringify({samples, writes, bytes, peakHeapUsed: peak}));
});
