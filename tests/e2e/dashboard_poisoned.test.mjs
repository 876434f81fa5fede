// The marketers' dashboard stays readable when an anonymous attacker poisons the consent log: as
// reported, every decision invents a banner variant and 32 category ids (2,400 decisions in 142
// requests from one address, then more, one per request, from 16 addresses). The server admits
// only so many new ids and shows the largest rows of each list, the rest summed as "Прочие"; the
// overview keeps a bounded number of elements. Its render time is printed, never asserted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { launchBrowser, newVisitor } from './support/browser.mjs';
import { startProductServer, ACCOUNT } from './support/product_server.mjs';

/** The most elements the overview may hold, whatever the log: measured about 1,700 (see below). */
const MAX_ELEMENTS = 4000;
const CATEGORIES_PER_DECISION = 32;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let browser;
let server;

before(async () => {
  browser = await launchBrowser();
  // Without the demo page's configuration: any well-formed event is accepted, as by default.
  server = await startProductServer({ knownPage: false });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A 16-character id in Crockford's base 32: the letter `tag`, then `n`. */
function id(tag, n) {
  let digits = '';
  for (let rest = n; digits.length < 15; rest = Math.floor(rest / 32)) digits = CROCKFORD[rest % 32] + digits;
  return tag + digits;
}

/** Decision `n`: `categories` category ids of its own, and its own variant unless one is given. */
function hostileDecision(n, categories = CATEGORIES_PER_DECISION, variant = `v${n}`) {
  const choices = {};
  for (let k = 0; k < categories; k += 1) choices[`c${n}-${k}`] = k % 2 === 0;
  return {
    type: 'decision', eventId: id('E', n), revision: 3, configHash: 'ab'.repeat(32), language: 'ru',
    device: 'desktop', variant, consentId: id('C', n), choices, action: 'custom', first: true,
    decidedAt: 1764100000,
  };
}

/** POSTs a batch from the loopback address `from`; resolves to the status. */
function post(from, events) {
  const body = JSON.stringify({ events });
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: hostname, port, path: '/api/v1/events', method: 'POST', localAddress: from,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('error', reject);
    request.end(body);
  });
}

test('an anonymous attacker inventing ids leaves the overview readable and small', async () => {
  const statuses = {};
  const count = (status) => { statuses[status] = (statuses[status] || 0) + 1; };
  for (let first = 0; first < 2400; first += 17) {
    const events = [];
    for (let n = first; n < Math.min(first + 17, 2400); n += 1) events.push(hostileDecision(n));
    count(await post('127.0.0.1', events));
  }
  for (let n = 10000; n < 10400; n += 1) count(await post(`127.0.1.${2 + (n % 16)}`, [hostileDecision(n)]));
  // Then as many ids as the server admits in a day, four at a time under one variant, so that the
  // categories outnumber the rows a list shows.
  for (let n = 20000; n < 20100; n += 1) count(await post(`127.0.2.${2 + (n % 16)}`, [hostileDecision(n, 4, 'v-shared')]));
  console.log(`the attack's answers: ${JSON.stringify(statuses)}`);

  const { page, context, record } = await newVisitor(browser, { variant: null });
  await page.goto(`${server.url}/dashboard/`);
  await page.getByLabel('Имя пользователя').fill(ACCOUNT.username);
  await page.getByLabel('Пароль').fill(ACCOUNT.password);
  const started = Date.now();
  await page.getByRole('button', { name: /Войти/ }).click();
  await page.locator('.breakdown-card').nth(3).waitFor({ timeout: 180000 });
  await page.locator('#categories-heading').waitFor();
  const renderMs = Date.now() - started;
  const elements = await page.evaluate(() => document.querySelectorAll('*').length);
  console.log(`the overview over the poisoned log: ${elements} elements, shown ${renderMs} ms after signing in`);
  assert.ok(elements <= MAX_ELEMENTS, `${elements} elements on the overview`);
  // The ids beyond each list's largest rows are summed in one row.
  const variantRows = page.locator('#breakdown-variant ~ .table-scroll tbody tr');
  assert.ok(await variantRows.count() <= 33, `${await variantRows.count()} variant rows`);
  assert.ok(await page.getByText('Прочие').count() >= 1, 'the categories beyond the largest are summed');
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});
