import {emptiesLab} from '../../engine/curriculum.js';
import type {OutputViewState} from '../store/output-view.js';
import {confirmDefault, currentStep, isBusy, type SessionState} from '../store/session-state.js';

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
	if (modal?.kind === 'prompt') return [k('↵', 'run'), k('Esc', 'cancel'), k('Tab', 'cluster'), k('←→', 'move'), k('^U', 'clear')];
	if (modal?.kind === 'confirm') {
		if (modal.confirm.type === 'skip' && modal.confirm.question) return [k('y', 'skip'), k('↵/n', 'stay')];
		if (modal.confirm.type === 'skip' && modal.confirm.rewound) return [k('↵/y', 'catch up & go on'), k('k', 'go on only'), k('Esc', 'stay')];
		if (modal.confirm.type === 'skip') return [k('↵/y', 'skip & catch up'), k('k', 'skip only'), k('Esc', 'stay')];
		if (modal.confirm.type === 'catch-up' && modal.confirm.rewind) {
			return [k('y', emptiesLab(modal.confirm.plan) ? 'empty the lab' : 'rewind'), k('↵/n', 'keep the lab'), k('Esc', 'cancel')];
		}
		if (modal.confirm.type === 'catch-up') return [k('↵/y', 'catch up'), k('n', 'open without'), k('Esc', 'cancel')];
		// Enter's answer is marked as in the dialog (see `confirmDefault`).
		return confirmDefault(modal.confirm) === 'yes' ? [k('↵/y', 'yes'), k('n', 'no')] : [k('y', 'yes'), k('↵/n', 'no')];
	}
	if (state.screen === 'boot') return state.fatal ? [k('q', 'quit')] : [k('^C', 'quit')];
	if (isBusy(state)) return [k('^C', 'cancel'), k('Tab', 'focus'), k('↑↓', 'scroll'), k('h', 'hint'), k('?', 'help'), k('q', 'quit')];
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
		k('h', 'hint'),
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
