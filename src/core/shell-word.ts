import {quote} from 'shell-quote';

const PLAIN = /^[\w@%+=:,./-]+$/;

/** One word for a copy-pasteable command line: as is when the shell reads it literally, quoted otherwise. */
export function shellWord(word: string): string {
	return PLAIN.test(word) ? word : quote([word]);
}

export function shellLine(words: readonly string[]): string {
	return words.map(shellWord).join(' ');
}
