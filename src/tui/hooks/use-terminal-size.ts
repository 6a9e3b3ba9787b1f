import {useEffect, useState} from 'react';
import {useStdout} from 'ink';
import type {Size} from '../view/layout.js';

/**
 * The terminal's size, re-read on resize. Ink re-lays out on resize but does not re-render
 * React, so widths computed in JS (markdown reflow, panel heights) would go stale without
 * this (ink-engineering §1.4). Debounced: a window drag fires dozens of events.
 */
export function useTerminalSize(debounceMs = 60): Size {
	const {stdout} = useStdout();
	const [size, setSize] = useState<Size>(() => readSize(stdout));
	useEffect(() => {
		let timer: NodeJS.Timeout | undefined;
		const onResize = () => {
			clearTimeout(timer);
			timer = setTimeout(() => setSize(readSize(stdout)), debounceMs);
		};
		stdout.on('resize', onResize);
		return () => {
			clearTimeout(timer);
			stdout.off('resize', onResize);
		};
	}, [stdout, debounceMs]);
	return size;
}

function readSize(stdout: NodeJS.WriteStream): Size {
	return {columns: stdout.columns || 80, rows: stdout.rows || 24};
}
