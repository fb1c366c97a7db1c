// Debian's Chromium, headless: driven by playwright-core for the page measurements, and started
// with a DevTools port for Lighthouse, which connects to a browser by port.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const quiet = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: quiet });
}

export interface DebuggableChromium {
  port: number;
  close(): Promise<void>;
}

/** A Chromium of its own profile listening for DevTools on a free loopback port. */
export async function startDebuggableChromium(): Promise<DebuggableChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'chat-bench-chromium-'));
  const child = spawn(CHROMIUM, ['--headless=new', ...quiet, '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group: Debian's /usr/bin/chromium is a wrapper script, and close() ends the browser under it too.
    detached: true,
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await exited;
    }
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((done, fail) => {
      let output = '';
      const timer = setTimeout(() => fail(new Error(`Chromium did not open its DevTools port in 30 s:\n${output}`)), 30_000);
      const onData = (d: Buffer) => {
        output += d;
        const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
        if (!match) return;
        clearTimeout(timer);
        child.stderr!.off('data', onData);
        done(Number(match[1]));
      };
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`Chromium exited (${code}) before opening its DevTools port:\n${output}`));
      });
    });
    child.stderr!.resume();
    return { port, close };
  } catch (err) {
    await close();
    throw err;
  }
}
