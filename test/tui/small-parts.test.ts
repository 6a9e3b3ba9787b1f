import {describe, expect, it} from 'vitest';
import {emptyProgress, type Progress} from '../../src/state/progress.js';
import {editLine, emptyEditor, type EditKey} from '../../src/tui/store/line-editor.js';
import {ProgressSaver} from '../../src/tui/store/progress-saver.js';
import {lessonLayout} from '../../src/tui/view/layout.js';
import {plural} from '../../src/core/text.js';
import {distributionLine} from '../../src/tui/view/distribution.js';
import {commandBlock} from '../../src/tui/view/command-block.js';
import {paneLines, paneParts} from '../../src/tui/view/lesson-lines.js';
import stripAnsi from 'strip-ansi';
import {renderMarkdown} from '../../src/tui/markdown/render-markdown.js';
import {feedback} from '../../src/tui/view/feedback-lines.js';
import {fixtureLessons} from './fixtures.js';

describe('line editor', () => {
	it('inserts, moves, deletes and clears', () => {
		const keys: EditKey[] = [
			{type: 'insert', text: 'kubectl get'},
			{type: 'home'},
			{type: 'right'},
			{type: 'backspace'},
			{type: 'insert', text: 'K'},
			{type: 'end'},
			{type: 'insert', text: ' pods\n'},
		];
		const editor = keys.reduce(editLine, emptyEditor);
		expect(editor).toMatchObject({text: 'Kubectl get pods ', cursor: 17});
		expect(editLine(editor, {type: 'clear'})).toEqual(emptyEditor);
	});
});

describe('ProgressSaver', () => {
	it('writes one at a time, always the newest, and flushes before exit', async () => {
		const written: string[] = [];
		let release: () => void = () => {};
		const saver = new ProgressSaver('f', () => {}, async (_file, p: Progress) => {
			written.push(p.updatedAt);
			await new Promise<void>((r) => (release = r));
		});
		const at = (t: string) => ({...emptyProgress('sim'), updatedAt: t});
		saver.save(at('1'));
		saver.save(at('2'));
		saver.save(at('3'));
		release();
		const flushed = saver.flush();
		await new Promise((r) => setTimeout(r, 0));
		release();
		await flushed;
		expect(written).toEqual(['1', '3']);
	});

	it('reports a failed write instead of dropping it silently', async () => {
		const errors: unknown[] = [];
		const saver = new ProgressSaver('f', (e) => errors.push(e), async () => {
			throw new Error('disk full');
		});
		saver.save(emptyProgress('sim'));
		await saver.flush();
		expect(String(errors[0])).toContain('disk full');
	});
});

describe('layout', () => {
	it('always adds up to the body, at 80x24 and in tiny terminals', () => {
		for (const body of [4, 8, 20, 26, 60]) {
			for (const feedbackLines of [0, 3, 30]) {
				for (const modalRows of [0, 3, 5]) {
					for (const proseLines of [0, 5, 80]) {
						const input = {body, proseLines, actionLines: 3, feedbackLines, modalRows, outputLines: 40, favour: feedbackLines === 3 ? ('streaming' as const) : ('balanced' as const), showOutput: true};
						const l = lessonLayout(input);
						expect(l.title + l.content + l.output + l.feedback + l.modal).toBe(body);
						expect(Math.min(l.content, l.output, l.feedback, l.modal)).toBeGreaterThanOrEqual(0);
					}
				}
			}
		}
	});
});

describe('check panel', () => {
	it('counts down to the next attempt while the mesh converges', () => {
		const step = fixtureLessons()[1]!.steps[0]!;
		const counts = {koornacht: 10, tion: 0, timeout: 0, error: 0, other: 0};
		const result = {pass: false, subject: 'probe', expected: 'mixed', observed: 'Koornacht 10', evidence: {kind: 'replies', counts, replies: []} as const};
		const panel = feedback({
			step,
			check: {status: 'retrying', attempt: 2, retryAt: 12_000, deadline: 40_000, results: [result]},
			mark: 'todo',
			hintsShown: 1,
			quizRevealed: false,
			width: 76,
			clockNow: 10_400,
			now: 0,
			markdown: renderMarkdown,
		});
		expect(stripAnsi(panel!.title)).toBe('⠋ Not yet · retrying in 2s (attempt 3, gives up in 30s)');
		expect(panel!.lines.map((l) => stripAnsi(l))).toEqual([
			'✘ probe',
			'    expected  mixed',
			'    observed  Koornacht ██████████ 10  Tion 0  timeouts 0',
			'',
			'Hint 1/3  (h for the next)',
			'  The annotation goes on `rebel-base`.',
		]);
	});
});

describe('step pane', () => {
	const prose = Array.from({length: 10}, (_, i) => `p${i}`);
	const actions = ['$ a', '$ b'];

	it('keeps short prose and its actions together', () => {
		expect(paneLines({prose: prose.slice(0, 2), actions}, 10, 0, '↑/↓')).toEqual({lines: ['p0', 'p1', '', '$ a', '$ b'], maxScroll: 0, page: 7});
	});

	it('pins the actions under long prose, which scrolls and says what is left', () => {
		const top = paneLines({prose, actions}, 8, 0, '↑/↓');
		expect(top.lines.map((l) => stripAnsi(l))).toEqual(['p0', 'p1', 'p2', 'p3', '  ↓ 6 more lines (↑/↓)', '', '$ a', '$ b']);
		const bottom = paneLines({prose, actions}, 8, 99, '↑/↓');
		expect(bottom.lines.map((l) => stripAnsi(l))).toEqual(['p6', 'p7', 'p8', 'p9', '  ↑ 6 lines above (↑/↓)', '', '$ a', '$ b']);
		expect(bottom.maxScroll).toBe(6);
		// Scrolled part way: the marker says what is above as well as below.
		expect(stripAnsi(paneLines({prose, actions}, 8, 2, '↑/↓').lines[4]!)).toBe('  ↑ 2 above · ↓ 4 more lines (↑/↓)');
	});

	it('scrolls prose and actions as one when the actions leave no room for a line of prose above its marker', () => {
		const tall = ['$ a', '$ b', '$ c', '$ d'];
		const pane = paneLines({prose, actions: tall}, 5, 0, '↑/↓');
		expect(pane.lines.map((l) => stripAnsi(l))).toEqual(['p0', 'p1', 'p2', 'p3', '  ↓ 11 more lines (↑/↓)']);
	});

	it('pins a notice always, the actions only while the learner is about to act', () => {
		const text = {prose: ['p0'], notices: ['⚠ Press n to skip this step.'], actions: ['$ a']};
		expect(paneParts(text, true)).toEqual({prose: ['p0'], actions: ['⚠ Press n to skip this step.', '', '$ a']});
		expect(paneParts(text, false)).toEqual({prose: ['p0', '', '$ a'], actions: ['⚠ Press n to skip this step.']});
		expect(paneParts({...text, notices: []}, false)).toEqual({prose: ['p0', '', '$ a'], actions: []});
	});
});

describe('view pieces', () => {
	it('draws the distribution as a bar per cluster', () => {
		expect(distributionLine({koornacht: 6, tion: 4, timeout: 0, error: 0, other: 0})).toBe('Koornacht ██████ 6  Tion ████ 4  timeouts 0');
		expect(distributionLine({koornacht: 0, tion: 0, timeout: 100, error: 2, other: 0})).toBe('Koornacht 0  Tion 0  timeouts ████████████ 100  errors █ 2');
	});

	it('shows a command whole, broken only at spaces, its continuation rows marked', () => {
		const command = {target: 'koornacht' as const, command: `kubectl exec deploy/x-wing -- sh -c 'for i in $(seq 1 10); do curl -sS --max-time 2 rebel-base; echo; done'`, line: 1};
		expect(commandBlock(command, {width: 200}).map((l) => stripAnsi(l))).toEqual([`   KOORNACHT  $ ${command.command}`]);
		const expanded = commandBlock(command, {width: 60}).map((l) => stripAnsi(l));
		expect(expanded.length).toBeGreaterThan(1);
		expect(expanded.slice(1).every((l) => l.trimStart().startsWith('↳ '))).toBe(true);
		expect(expanded.every((l) => l.length <= 60)).toBe(true);
		expect(expanded.map((l) => l.replace(/^\s*(KOORNACHT\s+\$|↳)\s/, '').trim()).join(' ')).toBe(command.command);
	});
});

describe('evidence in words a learner reads', () => {
	it('names the HTTP status of replies that are not rebel-base (nginx 405 vs 403)', () => {
		const other = (httpStatus: number) => ({outcome: 'reply' as const, cluster: null, body: 'Not Allowed', exitCode: 0, httpStatus});
		const line = distributionLine({koornacht: 0, tion: 0, timeout: 0, error: 0, other: 3}, [other(405), other(405), other(403)]);
		expect(line).toContain('other replies 3 (HTTP 405 ×2, HTTP 403 ×1)');
	});

	it('counts with the noun in the right number', () => {
		expect(plural(1, 'replica')).toBe('1 replica');
		expect(plural(5, 'peer')).toBe('5 peers');
		expect(plural(0, 'matching drop')).toBe('0 matching drops');
	});
});
