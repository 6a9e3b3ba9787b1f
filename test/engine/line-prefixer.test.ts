import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {linePrefixer} from '../../src/core/text.js';
import {cpuMs} from '../helpers/wait.js';

/** The obvious definition: every complete line of each label gets the label; leftovers end the output. */
function naive(chunks: readonly (readonly [string, string])[]): string {
	let out = '';
	const partial = new Map<string, string>();
	for (const [label, text] of chunks) {
		const lines = ((partial.get(label) ?? '') + text).split('\n');
		partial.set(label, lines.pop() ?? '');
		for (const line of lines) out += `${label}${line}\n`;
	}
	for (const [label, rest] of partial) if (rest) out += `${label}${rest}\n`;
	return out;
}

describe('linePrefixer', () => {
	it('matches the plain definition for any interleaving of chunks', () => {
		const chunk = fc.tuple(fc.constantFrom('[koornacht] ', '[tion] '), fc.stringMatching(/^[ab\n]{0,12}$/));
		fc.assert(
			fc.property(fc.array(chunk, {maxLength: 20}), (chunks) => {
				let out = '';
				const p = linePrefixer((t) => (out += t));
				for (const [label, text] of chunks) p.push(label, text);
				p.flush();
				expect(out).toBe(naive(chunks));
			}),
			{numRuns: 300},
		);
	});

	it('prefixes a 20 MB line arriving in 64 KB chunks in linear time, labelled once', () => {
		const piece = 'x'.repeat(64 * 1024);
		const pieces = Math.ceil((20 * 1024 * 1024) / piece.length);
		let written = 0;
		let labels = 0;
		const p = linePrefixer((t) => {
			written += t.length;
			if (t.startsWith('[tion] ')) labels++;
		});
		// CPU time, not wall time: quadratic copying shows however loaded the machine is.
		const took = cpuMs(() => {
			for (let i = 0; i < pieces; i++) p.push('[tion] ', piece);
			p.push('[tion] ', '\n');
			p.flush();
		});
		expect(written).toBe('[tion] '.length + pieces * piece.length + 1);
		expect(labels).toBe(1);
		expect(took).toBeLessThan(2_000);
	});

	it('ends a streamed long line before another label writes, so no prefix lands mid-line', () => {
		let out = '';
		const p = linePrefixer((t) => (out += t));
		const long = 'y'.repeat(1024 * 1024 + 1);
		p.push('[koornacht] ', long);
		p.push('[tion] ', 'short\n');
		p.push('[koornacht] ', 'tail\n');
		p.flush();
		expect(out).toBe(`[koornacht] ${long}\n[tion] short\n[koornacht] tail\n`);
	});
});
