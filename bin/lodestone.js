#!/usr/bin/env node
// Launcher for the built CLI (`npm ci` builds dist/ through the prepare script).
await import('../dist/src/cli/run.js');
