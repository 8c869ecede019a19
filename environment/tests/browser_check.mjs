// Opens a notebook in JupyterLab with headless Chromium, runs its first code cells on the jyolo
// kernel like a person would (click, Shift+Enter), waits for their rendered output and saves a
// screenshot. Prints one JSON line with what it saw; exits non-zero when it did not see it.
//
// Usage: node browser_check.mjs URL SCREENSHOT CELLS TIMEOUT_SECONDS
// Driven by environment/tests/test_browser.py. Uses the system Chromium (JYOLO_CHROMIUM, default
// /usr/bin/chromium) through playwright-core, which never downloads a browser.
import { chromium } from 'playwright-core';

const [url, screenshot, cellsArg, timeoutArg] = process.argv.slice(2);
const cells = Number(cellsArg || 1);
const deadline = Date.now() + 1000 * Number(timeoutArg || 180);
const left = () => Math.max(1000, deadline - Date.now());

const result = { url, kernel: null, texts: [], images: 0, errors: [] };
const browser = await chromium.launch({
  executablePath: process.env.JYOLO_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // the flags this machine's Chromium needs: no sandbox as root, no GPU, and no background
  // connections (the network is closed; refused connections would pile up)
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  timeout: 60000,
});
let ok = false;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  page.on('pageerror', (e) => result.errors.push(String(e)));
  await page.goto(url, { timeout: left() });
  await page.waitForSelector('.jp-NotebookPanel .jp-CodeCell .cm-content', { timeout: left() });
  const kernelName = page.locator('.jp-NotebookPanel-toolbar .jp-Toolbar-kernelName').first();
  await kernelName.waitFor({ timeout: left() });
  for (let i = 0; i < 100 && !(await kernelName.innerText()).includes('jyolo'); i++) {
    await page.waitForTimeout(200);
  }
  result.kernel = (await kernelName.innerText()).trim();

  // wait until the kernel is connected: the status bar leaves "Starting"/"Connecting" ("Java (jyolo) |
  // Idle", or "Unknown" until the first execution, since JJava sends no status for kernel_info)
  await page.waitForFunction(() => /jyolo\)\s*\|\s*(Idle|Unknown|Busy)/.test(
    document.querySelector('.jp-StatusBar-Widget')?.textContent || ''), null, { timeout: left(), polling: 500 });

  // run the first code cells one by one as a person would: click into the cell, Shift+Enter,
  // and wait until its prompt shows an execution count ("[2]:" rather than "[*]:" or "[ ]:")
  const codeCells = page.locator('.jp-NotebookPanel .jp-CodeCell');
  let last;
  for (let i = 0; i < cells; i++) {
    last = codeCells.nth(i);
    await last.scrollIntoViewIfNeeded();
    await last.locator('.cm-content').click();
    await page.keyboard.press('Shift+Enter');
    await page.waitForFunction((el) => /\[\d+\]/.test(el.querySelector('.jp-InputPrompt')?.textContent || ''),
      await last.elementHandle(), { timeout: left(), polling: 300 });
  }
  const outputs = page.locator('.jp-NotebookPanel .jp-OutputArea-output');
  result.texts = (await outputs.allInnerTexts()).map((t) => t.trim()).filter((t) => t).map((t) => t.slice(0, 300));
  result.images = await page.locator('.jp-NotebookPanel .jp-OutputArea-output img').count();
  // let the images finish decoding, then show the outputs in the screenshot
  await page.waitForFunction(() => [...document.querySelectorAll('.jp-OutputArea-output img')]
    .every((img) => img.complete && img.naturalWidth > 0), null, { timeout: left() });
  // decline the "official Jupyter news" toast so it does not cover the outputs
  await page.getByRole('button', { name: 'No', exact: true }).click({ timeout: 2000 }).catch(() => {});
  await page.waitForTimeout(1000); // the toast slides away
  await last.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshot, fullPage: false });
  ok = true;
} catch (e) {
  result.errors.push(String(e));
  try {
    const pages = browser.contexts().flatMap((c) => c.pages());
    if (pages.length) await pages[0].screenshot({ path: screenshot });
  } catch (_) { /* best effort */ }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(ok ? 0 : 1);
