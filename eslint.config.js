import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ignores: ['dist/', 'node_modules/', 'coverage/', '.tmp/']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.{ts,tsx}'],
		plugins: {'react-hooks': reactHooks},
		rules: {
			...reactHooks.configs.recommended.rules,
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
			'@typescript-eslint/consistent-type-imports': 'error',
			'no-console': 'off',
		},
	},
	{
		files: ['**/*.{js,mjs}'],
		languageOptions: {globals: {process: 'readonly', console: 'readonly', URL: 'readonly', performance: 'readonly'}},
	},
);
