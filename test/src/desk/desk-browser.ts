import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '@arctrigger/testkit';

/** Debian's Chromium (installed by `npm test` when missing); playwright-core downloads no browser. */
export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
export const ARTIFACTS = join(repoRoot(), 'artifacts', 'desk');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** A fresh browser context (its own sessionStorage) logged in to the desk with `token` through the login form. */
export async function loggedIn(browser: Browser, url: string, token: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('navigation', { name: 'Views' }).waitFor();
  return { context, page };
}

/** Writes `<name>-desktop.png` (1280×800) and `<name>-phone.png` (390 px wide, full page) of the page as it is. */
export async function screenshots(page: Page, name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ARTIFACTS, `${name}-desktop.png`) });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
}

/** The desk bundle as the console serves it: every file's bytes and gzip bytes. */
export function bundleSize(): { files: Array<{ file: string; bytes: number; gzip: number }>; bytes: number; gzip: number } {
  const dir = join(repoRoot(), 'apps', 'console', 'dist', 'web', 'assets');
  const files = readdirSync(dir).map((file) => {
    const path = join(dir, file);
    return { file, bytes: statSync(path).size, gzip: gzipSync(readFileSync(path)).length };
  });
  return { files, bytes: files.reduce((n, f) => n + f.bytes, 0), gzip: files.reduce((n, f) => n + f.gzip, 0) };
}
