/** One row of the help overlay. */
export interface KeyHelp {
	readonly keys: string;
	readonly action: string;
}

/**
 * Every key the TUI knows, grouped as the help overlay (`?`) lists them. Kept to one
 * column of about 20 rows so the whole list fits an 80x24 terminal.
 */
export const KEY_HELP: readonly {readonly title: string; readonly keys: readonly KeyHelp[]}[] = [
	{
		title: 'Step',
		keys: [
			{keys: 'Enter', action: "run the step's command(s), then its check"},
			{keys: 't', action: 'type a command yourself (Tab: cluster; ↑ ↓: typed before)'},
			{keys: 'c', action: 'run the check again'},
			{keys: 'h', action: 'next hint'},
			{keys: 's', action: "show the solution, or a question's answer (asks first)"},
			{keys: '1-9', action: 'pick an answer on a question step (Enter submits)'},
		],
	},
	{
		title: 'Moving',
		keys: [
			{keys: 'n  →', action: 'next step (once the check passed, or skip it)'},
			{keys: 'p  ←', action: 'previous step'},
			{keys: 'l', action: 'lessons (jumping ahead offers to catch up)'},
			{keys: 'r', action: 'rewind this step: the lab as it was before it (asks first)'},
			{keys: 'R', action: "reset this lesson's lab (asks first; r on a lesson's intro)"},
		],
	},
	{
		title: 'Panes and app',
		keys: [
			{keys: 'Tab  ↑  ↓', action: 'focus the step text, the output or a long verdict; scroll it'},
			{keys: 'PgUp PgDn', action: 'scroll a page; Home/End: top, newest output'},
			{keys: 'w', action: 'wrap long output lines, or not (then ← → scroll it)'},
			{keys: '?', action: 'this help (any key closes it)'},
			{keys: 'Ctrl-C', action: 'cancel what runs; drop a typed line; quit when idle'},
			{keys: 'q', action: 'quit (asks while something runs)'},
		],
	},
];
