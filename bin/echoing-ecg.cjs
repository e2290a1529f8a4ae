#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher: require() is the point. */
'use strict';
// The `echoing-ecg` command. The CLI is bundled with the rest of main by `npm run build`, which `npm ci` runs
// through the `prepare` script, so out/main/cli.js exists right after installing.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('echoing-ecg: the application is not built yet. Run `npm run build` in its folder first.\n');
  process.exit(1);
}
require(cli);
