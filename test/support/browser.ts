// Debian's chromium driven by playwright-core (never `npx playwright install`: no browser download
// reaches the internet here). Flags from HOSTS.md: headless, no sandbox (root in containers), no GPU,
// /tmp instead of /dev/shm, no background traffic.
import { chromium, type Browser } from 'playwright-core';
import { findChromium } from './prerequisites';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export const CHROMIUM_MISSING = 'chromium is not installed: run `apt-get update && apt-get install -y chromium` (Debian)';

/** Launches the system chromium; throws with the install command when there is none. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_MISSING);
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true, timeout: 30_000 });
}
