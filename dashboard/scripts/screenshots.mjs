// Screenshots of the dashboard at desktop and phone sizes, for a person to look at.
//
//   node dashboard/scripts/screenshots.mjs [BASE_URL] [OUT_DIR]
//
// BASE_URL defaults to http://127.0.0.1:8080 (a running jl-consent-server serving dashboard/dist);
// the account comes from JL_DASHBOARD_USER / JL_DASHBOARD_PASSWORD; CONSENT_ID (optional) is looked up
// on the receipts page. Console errors and CSP violations are printed and make the script fail.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const out = process.argv[3] ?? 'dashboard-screenshots';
const username = process.env.JL_DASHBOARD_USER ?? 'marketing';
const password = process.env.JL_DASHBOARD_PASSWORD ?? '';
const consentId = process.env.CONSENT_ID ?? '';
mkdirSync(out, { recursive: true });

const problems = [];
// chromium.launch starts from a fresh temporary profile of its own every time.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

// Long pages are also cut into screen-high slices (SLICES=1), which are easier to inspect.
// Each screen is also checked with axe-core (WCAG 2.1 A/AA rules); violations count as problems.
async function shoot(page, name) {
  await page.waitForLoadState('networkidle');
  const audit = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const violation of audit.violations) {
    const targets = violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(', ');
    problems.push(`${name} axe ${violation.id} (${violation.impact}): ${violation.help} — ${targets}`);
  }
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  console.log(`wrote ${join(out, `${name}.png`)}`);
  if (process.env.SLICES !== '1') return;
  const { width, height } = page.viewportSize();
  const total = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let part = 0; part * height < total; part += 1) {
    const clip = { x: 0, y: part * height, width, height: Math.min(height, total - part * height) };
    await page.screenshot({ path: join(out, `${name}-${part + 1}.png`), fullPage: true, clip });
  }
}

try {
  for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 375, height: 812 }]]) {
    const context = await browser.newContext({ viewport, locale: 'ru-RU', deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        problems.push(`${label} console ${message.type()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`${label} page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${label} HTTP ${response.status()} ${response.url()}`);
    });

    await page.goto(`${base}/dashboard/`);
    await page.getByLabel('Имя пользователя').waitFor();
    await shoot(page, `${label}-login`);

    await page.getByLabel('Имя пользователя').fill(username);
    await page.getByLabel('Пароль').fill(`${password}-wrong`);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('alert').waitFor();
    await shoot(page, `${label}-login-error`);

    await page.getByLabel('Пароль').fill(password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('heading', { name: 'Обзор согласий' }).waitFor();
    await page.getByText('Итоги периода').waitFor();
    await shoot(page, `${label}-overview`);

    await page.getByRole('button', { name: '7 дней' }).click();
    await page.getByText('Итоги периода').waitFor();
    await shoot(page, `${label}-overview-7-days`);

    // The date inputs: the page's dd.mm.yyyy whatever the browser's locale, and an impossible date.
    await page.getByLabel('С', { exact: true }).fill('31.02.2026');
    await page.getByRole('button', { name: 'Показать' }).click();
    await page.getByRole('alert').waitFor();
    await shoot(page, `${label}-range-impossible-date`);

    await page.getByRole('link', { name: 'A/B-тест' }).click();
    await page.getByRole('heading', { name: 'Вывод' }).waitFor();
    await shoot(page, `${label}-variants`);

    await page.getByRole('link', { name: 'Проверка согласия' }).click();
    await page.getByLabel('Идентификатор согласия').fill('not-an-id');
    await page.getByRole('button', { name: 'Найти' }).click();
    await shoot(page, `${label}-receipt-invalid`);
    if (consentId) {
      await page.getByLabel('Идентификатор согласия').fill(consentId.toLowerCase());
      await page.getByRole('button', { name: 'Найти' }).click();
      await page.getByRole('heading', { name: /История согласия/ }).waitFor();
      await shoot(page, `${label}-receipt`);
    }
    await context.close();
  }

  // Throttling: wrong passwords for an account that does not exist until the server says 429.
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'ru-RU' });
  const page = await context.newPage();
  await page.goto(`${base}/dashboard/`);
  for (let attempt = 0; attempt < 12; attempt += 1) {
    await page.getByLabel('Имя пользователя').fill('nobody-here');
    await page.getByLabel('Пароль').fill('wrong-password');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('alert').waitFor();
    if (await page.getByText('Слишком много попыток').count() > 0) break;
  }
  await shoot(page, 'phone-login-throttled');
  await context.close();
} finally {
  await browser.close();
}

// Expected: the 401s of the session check and of the wrong password, and Chromium's note that it
// cannot check the integrity of Trunk's wasm preload (crbug.com/981419; boot.js loads it anyway).
const expected = [/\b401\b/, /\b429\b/, /integrity` attribute is currently ignored/];
const unexpected = problems.filter((p) => !expected.some((pattern) => pattern.test(p)));
for (const problem of problems) console.log(problem);
if (unexpected.length > 0) {
  console.error(`${unexpected.length} unexpected console problem(s)`);
  process.exit(1);
}
