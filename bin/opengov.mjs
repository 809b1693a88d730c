#!/usr/bin/env node
// Runs the built CLI, dist/main.js. `npm ci` builds it (the prepare script); when any source is newer
// than the build (an edit, a checkout) it is rebuilt first, so an old build never runs in development.
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from '../scripts/dist.mjs';

const main = await ensureBuilt();
// Stack traces name src/ files and lines (the build writes a source map beside each file).
process.setSourceMapsEnabled(true);
await import(pathToFileURL(main).href);
