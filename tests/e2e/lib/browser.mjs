// Headless Debian Chromium driven by playwright-core; screenshots go to test-output/e2e at the repository root.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const outputDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test-output/e2e');
mkdirSync(outputDir, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    // No sandbox (CI may run as root); no background traffic to hosts this machine cannot reach.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh browser context (its own localStorage: another person) with a page that collects script errors and CSP refusals. */
export async function person(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', e => page.errors.push(e.message));
  // Whatever the gateway's Content-Security-Policy blocks (an inline style, a script from elsewhere) is a bug too.
  page.on('console', m => { if (/Content Security Policy/i.test(m.text())) page.errors.push(m.text()); });
  return page;
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(outputDir, `${name}.png`), fullPage: true });
}
