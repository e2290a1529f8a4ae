// Loaded with `node --require` by cli-in-app.test.ts: answers require('electron') for the built out/main/main.js,
// so the app's `--cli` path runs under plain Node here, where the Electron binary cannot. Only `app.exit` and
// `app.dock` are used on that path; any other Electron API reached would throw, failing the test.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload: require() is the point. */
'use strict';
const Module = require('node:module');

const app = {
  exit: (code) => process.exit(code),
  dock: undefined,
};
const fake = new Proxy(
  { app },
  {
    get(target, name) {
      if (name in target) return target[name];
      if (name === '__esModule' || typeof name === 'symbol') return undefined;
      throw new Error(`the --cli path reached electron.${String(name)}`);
    },
  },
);
const original = Module._resolveFilename;
Module._resolveFilename = function resolve(request, ...rest) {
  if (request === 'electron') return 'fake-electron';
  return original.call(this, request, ...rest);
};
require.cache['fake-electron'] = { id: 'fake-electron', filename: 'fake-electron', loaded: true, exports: fake };
