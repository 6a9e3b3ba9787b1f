import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		environment: 'node',
		// Deterministic terminal output for marked-terminal/chalk and Ink.
		env: {FORCE_COLOR: '0', FORCE_HYPERLINK: '0', NO_COLOR: '1'},
		testTimeout: 20_000,
		hookTimeout: 20_000,
		pool: 'forks',
		reporters: ['default', './test/summary-reporter.ts'],
	},
});
