import {emptiesLab} from '../../engine/curriculum.js';
import {confirmDefault, type Confirm} from '../store/session-state.js';

/** One answer a dialog accepts: its key, what it does, and whether Enter picks it too. */
export interface ConfirmAnswer {
	readonly key: 'y' | 'k' | 'n' | 'Esc';
	readonly label: string;
	readonly enter: boolean;
}

/**
 * Pure: every answer the dialog accepts, in the order it lists them. The dialog's answers
 * line and the key bar both come from this one list, so they always name the same keys.
 * Esc answers like `n` except where it differs (catch-up: cancel, staying put): only there is it listed.
 */
export function confirmAnswers(confirm: Confirm): ConfirmAnswer[] {
	const enter = confirmDefault(confirm);
	const yes = (label: string): ConfirmAnswer => ({key: 'y', label, enter: enter === 'yes'});
	const no = (label: string): ConfirmAnswer => ({key: 'n', label, enter: enter === 'no'});
	const esc: ConfirmAnswer = {key: 'Esc', label: 'cancel', enter: false};
	switch (confirm.type) {
		case 'solution':
			return [yes('show it'), no('not yet')];
		case 'reset':
			return [yes(confirm.scope === 'step' ? 'rewind' : 'reset'), no('keep going')];
		case 'quit':
			return [yes('quit'), no('stay')];
		case 'skip':
			if (confirm.question) return [yes('skip'), no('stay')];
			// A step that passed before the lab was rebuilt: going on catches the lab up past it, or leaves it alone.
			if (confirm.rewound) return [yes('catch up & go on'), {key: 'k', label: 'go on, leave the lab alone', enter: false}, no('stay')];
			return [yes('skip & catch up'), {key: 'k', label: 'skip, leave the lab alone', enter: false}, no('stay')];
		case 'catch-up':
			return confirm.rewind
				? [yes(emptiesLab(confirm.plan) ? 'empty the lab' : 'rewind the lab'), no('open, keep the lab'), esc]
				: [yes('catch up'), no('open without'), esc];
	}
}

/** How an answer's key is shown: `↵/y` where Enter picks it too. */
export const answerKey = (answer: ConfirmAnswer): string => (answer.enter ? `↵/${answer.key}` : answer.key);
