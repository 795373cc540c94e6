import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import type { Browser } from 'playwright-core';

export interface MachineInfo {
  cpuCount: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  node: string;
  browser: string;
  packages: Record<string, string>;
  /** The workspace commit and when the packages under test were built (the tree changes under a running team). */
  source: string;
  date: string;
}

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  try {
    // Resolve the package's entry, then walk up to its package.json (exports may hide it).
    const entry = require.resolve(name);
    let directory = entry;
    for (let depth = 0; depth < 6; depth += 1) {
      directory = directory.slice(0, directory.lastIndexOf('/'));
      try {
        const manifest = JSON.parse(readFileSync(`${directory}/package.json`, 'utf8')) as { name?: string; version?: string };
        if (manifest.name === name && manifest.version) return manifest.version;
      } catch {
        // not this directory
      }
    }
  } catch {
    // not installed
  }
  return 'unknown';
}

function sourceDescription(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: new URL('../../..', import.meta.url), encoding: 'utf8' }).trim();
  let commit = 'unknown commit';
  try {
    commit = git('rev-parse', '--short', 'HEAD');
    if (git('status', '--porcelain', '--', 'packages') !== '') commit += ' with uncommitted changes in packages/';
  } catch {
    // not a git checkout
  }
  const builtAt = (name: string) => {
    try {
      return statSync(require.resolve(name)).mtime.toISOString().slice(0, 16).replace('T', ' ');
    } catch {
      return 'unknown';
    }
  };
  return `${commit}; @sluice/core built ${builtAt('@sluice/core')} UTC, @sluice/react built ${builtAt('@sluice/react')} UTC`;
}

export function machineInfo(browser: Browser): MachineInfo {
  const cpus = os.cpus();
  const names = ['@sluice/core', '@sluice/react', '@sluice/mock-producer', 'react', 'react-dom', 'ai', '@ai-sdk/react', 'playwright-core', 'vite'];
  return {
    cpuCount: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    browser: `Chromium ${browser.version()}`,
    packages: Object.fromEntries(names.map((name) => [name, packageVersion(name)])),
    source: sourceDescription(),
    date: new Date().toISOString().slice(0, 10),
  };
}
