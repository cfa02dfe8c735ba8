// Drives the gateway's web view in headless Chromium (Debian's, never a downloaded one), for
// WebViewBrowserTest, which plays the worker. Talks to the test on stdout, one line per step:
//   STEP <name> [detail]   a check passed (the test waits for SUBMITTED <job id> and LIVE)
//   FAIL <reason>          a check failed; exit status 1
// Every wait is bounded by puppeteer's timeouts; nothing here measures time.
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const BASE = env('GATEWAY_URL').replace(/\/$/, '');
const KEY = env('ACME_KEY');
const OTHER_KEY = env('GLOBEX_KEY');
const WORKER = env('WORKER_ID');
const SHOTS = process.env.SCREENSHOT_DIR || '';
const WAIT = {timeout: 30_000};

const step = (name, detail = '') => console.log(`STEP ${name} ${detail}`.trim());
const check = (ok, reason) => {
  if (!ok) throw new Error(reason);
};

const browser = await puppeteer.launch({
  executablePath: env('CHROMIUM'),
  headless: true,
  args: [
    '--no-sandbox', // root in CI; the page is our own, on loopback
    '--disable-dev-shm-usage',
    // nothing but loopback: Chromium's own background traffic resolves nowhere
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ],
});
const urls = [];
try {
  const page = await browser.newPage();
  await page.setViewport({width: 1200, height: 1000});
  page.on('request', (r) => urls.push(r.url()));
  page.on('framenavigated', (f) => urls.push(f.url()));
  page.on('pageerror', (e) => console.log(`PAGEERROR ${e.message}`));

  // 1. A wrong key is refused; the right one is entered once.
  await page.goto(`${BASE}/ui`);
  await page.waitForSelector('#key-form', {visible: true, ...WAIT});
  await page.type('#api-key', 'not-a-key-of-anyone');
  await page.click('#key-form button');
  await page.waitForFunction(() => document.getElementById('key-error').textContent.includes('refused'), WAIT);
  check(await page.$eval('#main', (m) => m.hidden), 'the jobs page showed with a wrong key');
  step('wrong-key-refused');
  await page.type('#api-key', KEY);
  await page.click('#key-form button');
  await page.waitForSelector('#submit-form', {visible: true, ...WAIT});
  step('key-accepted');

  // 2. A prompt outside the grammar: the problem's /prompt error under the prompt field.
  await page.type('#prompt', 'a purple elephant');
  await page.click('#submit-form button[type=submit]');
  await page.waitForFunction(() => document.getElementById('prompt-error').textContent.length > 0, WAIT);
  const promptError = await page.$eval('#prompt-error', (e) => e.textContent);
  check(await page.$eval('#prompt', (e) => e.getAttribute('aria-invalid')) === 'true', 'the prompt field is not marked invalid');
  check(await page.$eval('#n-error', (e) => e.textContent) === '', 'an error showed under n');
  step('field-error', promptError);

  // 3. A good job: the form submits it and the page of the job opens, following its events.
  await page.$eval('#prompt', (e) => { e.value = ''; });
  await page.type('#prompt', 'a red circle above a blue square');
  await page.$eval('#n', (e) => { e.value = '4'; });
  await page.type('#seed', '7');
  await Promise.all([page.waitForNavigation(WAIT), page.click('#submit-form button[type=submit]')]);
  const jobId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  check(page.url() === `${BASE}/ui/jobs/${encodeURIComponent(jobId)}`, `unexpected job page URL ${page.url()}`);
  await page.waitForSelector('#job[data-stream="open"]', WAIT);
  step('SUBMITTED', jobId);

  // 4. Live: the test publishes progress with curves and a pruned trajectory.
  await page.waitForFunction(() => {
    const c = document.getElementById('chart-caption').dataset;
    return Number(c.trajectories) === 4 && Number(c.points) > 0 && Number(c.terminated) >= 1
      && document.getElementById('job-pruned').textContent === '1'
      // the live count comes with the progress event after the prune: wait for it too (bounded)
      && document.getElementById('job-live').textContent === '3';
  }, WAIT).catch(() => {}); // on timeout the checks below say what is missing
  const legend = await page.$$eval('.u-legend .u-series .u-label', (ls) => ls.map((l) => l.textContent));
  check(legend.filter((l) => l.startsWith('trajectory ')).length === 4, `legend: ${legend.join(', ')}`);
  check(legend.filter((l) => l === 'θ').length === 1, `no θ series in ${legend.join(', ')}`);
  check(legend.some((l) => l.includes('(pruned)')), `no pruned trajectory in ${legend.join(', ')}`);
  const live = await page.$eval('#job-live', (e) => e.textContent);
  const tokens = await page.$eval('#job-tokens', (e) => e.textContent);
  check(live === '3', `live trajectories shown: ${live}`);
  check(tokens.includes('/ 256'), `tokens vs full best-of-N: ${tokens}`);
  if (SHOTS) await page.screenshot({path: path.join(SHOTS, 'webui-job-live.png'), fullPage: true});
  step('LIVE', `${legend.length} series; tokens ${tokens}`);

  // 5. Completion: image, candidates, links, and the chart redrawn from the stored trace.
  await page.waitForSelector('#result', {visible: true, timeout: 60_000});
  await page.waitForFunction(() => {
    const img = document.getElementById('result-image');
    return img.complete && img.naturalWidth > 0;
  }, WAIT);
  await page.waitForFunction(() => Number(document.getElementById('chart-caption').dataset.points) >= 200, WAIT);
  const caption = await page.$eval('#chart-caption', (e) => e.textContent);
  check(caption.includes('chosen: 1'), `caption: ${caption}`);
  check((await page.$eval('#link-trace', (a) => a.href)).includes('trace.json'), 'no trace link');
  check((await page.$eval('#link-manifest', (a) => a.href)).includes('manifest.json'), 'no manifest link');
  if (SHOTS) await page.screenshot({path: path.join(SHOTS, 'webui-job-done.png'), fullPage: true});
  step('completed', caption);

  // 6. The same page under another tenant's key is the API's 404.
  await page.click('#forget-key');
  await page.type('#api-key', OTHER_KEY);
  await page.click('#key-form button');
  await page.waitForSelector('#not-found', {visible: true, ...WAIT});
  check((await page.$eval('#not-found-detail', (e) => e.textContent)).startsWith('404'), 'not a 404');
  check(await page.$eval('#job', (e) => e.hidden), 'the job showed to another tenant');
  step('other-tenant-404');

  // 7. The fleet page shows the worker and its slots (from its heartbeat).
  await page.goto(`${BASE}/ui/fleet`);
  await page.waitForFunction((w) => {
    const cell = document.querySelector(`tr[data-worker="${w}"] td.slots`);
    return cell && cell.textContent === '3 / 8';
  }, WAIT, WORKER);
  if (SHOTS) await page.screenshot({path: path.join(SHOTS, 'webui-fleet.png'), fullPage: true});
  step('fleet', WORKER);

  // 8. The key was entered once per tenant and never travelled in a URL.
  const leaks = urls.filter((u) => u.includes(KEY) || u.includes(OTHER_KEY) || u.includes(encodeURIComponent(KEY)));
  check(leaks.length === 0, `the API key is in ${leaks.join(' ')}`);
  check(urls.some((u) => u.includes('stream_token=')), 'the events stream was not opened with a stream token');
  step('no-key-in-urls', `${urls.length} URLs`);
  console.log('RESULT ok');
} catch (e) {
  console.log(`FAIL ${e.message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
