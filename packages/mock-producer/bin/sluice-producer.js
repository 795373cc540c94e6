#!/usr/bin/env node
// A committed entry, so the bin exists on a fresh install before anything is built (pnpm links
// bins at install time and warns when the target is missing); the CLI itself is built to dist.
import '../dist/cli.js';
