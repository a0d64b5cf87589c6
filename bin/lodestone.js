#!/usr/bin/env node
// Thin launcher for the compiled CLI (npm ci runs the build).
import { runCli } from '../dist/src/cli/main.js';

process.exitCode = await runCli(process.argv);
