#!/usr/bin/env node
// Launcher: React must see NODE_ENV before Ink loads (static imports are hoisted, so it is
// set here, before the bundle is imported).
process.env.NODE_ENV ??= 'production';
try {
	await import('../dist/cli.js');
} catch (error) {
	if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
		console.error('clustermesh-tutor is not built yet: run `npm run build` (or `npm start`) in its folder.');
		process.exit(4);
	}
	throw error;
}
