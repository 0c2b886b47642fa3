import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';
import { startTestApp, type TestApp } from './support/app.js';

/** A Chromium to drive: CHROMIUM_PATH, else Debian's package (`.ci/run` installs it when missing). */
const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (candidate): candidate is string => Boolean(candidate && existsSync(candidate)),
);
const withBrowser = chromium || process.env.CI ? it : it.skip;
if (!chromium && !process.env.CI)
  console.warn(
    'Chromium is not installed (apt-get install chromium): the explorer was not driven in a browser',
  );

describe('the GraphiQL explorer (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers a browser opening /graphql with its page, under a strict Content-Security-Policy', async () => {
    const page = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<div id="graphiql">');
    // Everything comes from the service itself: no CDN.
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of html.match(/\/explorer\/[\w.-]+/g) ?? []) {
      expect((await fetch(`${t.url}${asset}`)).status).toBe(200);
    }
    expect((await fetch(`${t.url}/explorer/package.json`)).status).toBe(404);
    expect((await fetch(`${t.url}/explorer/..%2Fpackage.json`)).status).toBe(404);
  });

  it('still executes GraphQL over GET, and JSON clients get JSON', async () => {
    const get = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'text/html,application/json' },
    });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    const json = await fetch(`${t.url}/graphql`, { headers: { accept: 'application/json' } });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
  });

  withBrowser(
    'runs { __typename } in a headless Chromium and shows the answer',
    async () => {
      let browser: Browser | undefined;
      try {
        browser = await puppeteer.launch({
          executablePath: chromium,
          headless: true,
          // As root in a container, Chromium's sandbox cannot start.
          args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
        });
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(String(error)));
        page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
        await page.goto(`${t.url}/graphql`, { waitUntil: 'networkidle0' });
        await page.waitForSelector('.graphiql-query-editor .CodeMirror');
        // The saved operations: signing in, then README's walk-through.
        const tabs = await page.$$eval('.graphiql-tab', (elements) => elements.length);
        expect(tabs).toBeGreaterThan(8);
        await page.$eval('.graphiql-query-editor .CodeMirror', (element) => {
          (element as unknown as { CodeMirror: { setValue(text: string): void } }).CodeMirror.setValue(
            '{ __typename }',
          );
        });
        // The tab follows its document: once it names no operation, it runs the anonymous one.
        await page.waitForFunction(
          () =>
            !(
              globalThis as unknown as {
                document: { querySelector(s: string): { textContent: string } | null };
              }
            ).document
              .querySelector('.graphiql-tab-active')
              ?.textContent.includes('SignIn'),
        );
        await page.click('.graphiql-execute-button');
        await page.waitForFunction(
          () =>
            (
              globalThis as unknown as {
                document: { querySelector(s: string): { textContent: string } | null };
              }
            ).document
              .querySelector('.graphiql-response')
              ?.textContent.includes('"__typename": "Query"'),
          { timeout: 20_000 },
        );
        expect(problems).toEqual([]);
      } finally {
        await browser?.close();
      }
    },
    60_000,
  );
});
