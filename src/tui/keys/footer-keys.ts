import type {OutputViewState} from '../store/output-view.js';
import {currentStep, isBusy, type SessionState} from '../store/session-state.js';
import {answerKey, confirmAnswers} from './confirm-keys.js';

/** A key and its label in the footer, e.g. `↵ run`. */
export interface FooterKey {
	readonly key: string;
	readonly label: string;
	/** Always shown, whatever the width: moving on, back, to the lessons, help and quit. */
	readonly pinned?: boolean;
}

const PINNED = new Set(['n', 'p', 'l', '?', 'q', '^C']);
const k = (key: string, label: string): FooterKey => ({key, label, pinned: PINNED.has(key)});

/**
 * Pure: the keys that do something right now, most useful first (a narrow footer drops
 * from the end, pinned keys stay). `view` adds the output pane's wrap key where it shows.
 */
export function footerKeys(state: SessionState, view?: OutputViewState): FooterKey[] {
	const modal = state.modal;
	if (state.exiting) return [];
	// Every key but q (and Ctrl-C) closes the help: the bar says so, as the help itself does.
	if (modal?.kind === 'help') return [k('any key', 'closes help'), k('q', 'quit')];
	if (modal?.kind === 'prompt') return [k('↵', 'run'), k('Esc', 'cancel'), k('Tab', 'cluster'), k('↑↓', 'history'), k('←→', 'move'), k('^U', 'clear')];
	// The same answers, keys and words as the dialog itself (`confirmAnswers`), Enter's marked.
	if (modal?.kind === 'confirm') return confirmAnswers(modal.confirm).map((answer) => k(answerKey(answer), answer.label));
	if (state.screen === 'boot') return state.fatal ? [k('q', 'quit')] : [k('^C', 'quit')];
	// h only where the step has a hint ladder: elsewhere it would only say there is none.
	const hint = (currentStep(state)?.hints.length ?? 0) > 0 ? [k('h', 'hint')] : [];
	if (isBusy(state)) return [k('^C', 'cancel'), k('Tab', 'focus'), k('↑↓', 'scroll'), ...hint, k('?', 'help'), k('q', 'quit')];
	if (state.screen === 'finish') return [k('l', 'lessons'), k('p', 'back'), k('?', 'help'), k('q', 'quit')];
	if (state.screen === 'list') return [k('↑↓', 'choose'), k('↵', 'open'), k('Esc', 'back'), k('?', 'help'), k('q', 'quit')];
	if (state.screen === 'intro') return [k('↵', 'start'), k('↑↓', 'scroll'), k('p', 'back'), k('l', 'lessons'), k('r', 'reset'), k('?', 'help'), k('q', 'quit')];
	const step = currentStep(state);
	const first = step?.quiz
		? [k(`1-${step.quiz.choices.length}`, 'pick'), k('↵', 'submit')]
		: [k('↵', 'run'), k('t', 'type'), k('c', 'check')];
	const sideways = view && !view.wrap && state.pane === 'output' ? [k('←→', 'scroll')] : [];
	return [
		...first,
		...hint,
		k('s', step?.quiz ? 'answer' : 'solution'),
		k('n', 'next'),
		k('p', 'back'),
		k('l', 'lessons'),
		k('r', 'rewind'),
		k('Tab', 'focus'),
		...(view && !step?.quiz ? [k('w', view.wrap ? 'no wrap' : 'wrap'), ...sideways] : []),
		k('?', 'help'),
		k('q', 'quit'),
	];
}
