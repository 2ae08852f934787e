// The admin policy playground in headless Chromium: paste, pick policies, inspect, read the findings in place,
// the decision and its precedence, the recent decisions (without any text) and the per-rule counters.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

const ADMIN = process.env.KEXIN_ADMIN;
const CHROMIUM = process.env.KEXIN_CHROMIUM;
const SCREENSHOT = process.env.KEXIN_SCREENSHOT;
/** A phone number the test sent through the proxy before: it must never show in the recent decisions. */
const SENT_PHONE = process.env.KEXIN_SENT_PHONE;
if (!ADMIN || !CHROMIUM || !SENT_PHONE) {
  throw new Error('KEXIN_ADMIN, KEXIN_CHROMIUM and KEXIN_SENT_PHONE are set by PlaygroundBrowserTest');
}

let browser;
let page;

before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], timeout: 60_000 });
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.setDefaultTimeout(20_000);
  await page.goto(`${ADMIN}/playground`);
  await page.waitForSelector('input[name=policy]');
});

after(async () => {
  await browser?.close();
});

/** Puts `text` in the input, picks the direction, clicks Inspect and waits for the new decision. */
async function inspect(text, direction) {
  await page.fill('#input', text);
  await page.selectOption('#direction', direction);
  await page.evaluate(() => { document.getElementById('decision').textContent = ''; });
  await page.click('#inspect');
  await page.waitForSelector('#decision .badge');
  return page.textContent('#decision .badge');
}

test('the page lists the policies in force and their revision', async () => {
  const names = await page.$$eval('input[name=policy]', (boxes) => boxes.map((b) => b.value));
  for (const name of ['default', 'pii', 'secrets']) {
    assert.ok(names.includes(name), `policies listed: ${names}`);
  }
  assert.match(await page.textContent('#revision'), /revision [0-9a-f]+/);
});

test('Chinese text: findings highlighted in place, rewritten output, decision by precedence', async () => {
  await page.click('[data-example=zh]');
  await page.click('#inspect');
  await page.waitForSelector('#decision .badge');
  assert.equal(await page.textContent('#decision .badge'), 'redact');
  const marks = await page.$$eval('.segment mark', (ms) => ms.map((m) => [m.textContent, m.title]));
  assert.ok(marks.some(([t, title]) => t === '13800138000' && title.startsWith('pii.phone-cn · PHONE_CN')), JSON.stringify(marks));
  assert.ok(marks.some(([t]) => t === 'zhang.wei@example.cn'), JSON.stringify(marks));
  const output = await page.textContent('.segment .output');
  assert.match(output, /<PHONE_CN_1>/);
  assert.match(output, /\[REDACTED:CODENAME\]/);
  assert.match(await page.textContent('#decision'), /keyword\.project-codenames \(redact\) decides: the strongest of \d+ enforced findings/);
  assert.match(await page.textContent('#decision'), /block > redact > mask > pseudonymize > strip > flag > allow/);
  const rules = await page.$$eval('#findings tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
  assert.ok(rules.includes('pii.phone-cn') && rules.includes('pii.email'), rules.join());
});

test('English text with a key is blocked, with the rule and its message', async () => {
  await page.click('[data-example=en]');
  await page.click('#inspect');
  await page.waitForFunction(() => document.querySelector('#decision .badge')?.textContent === 'block');
  assert.match(await page.textContent('#decision'), /rule secret\.openai[a-z-]*-key \(block\) decides/);
  assert.match(await page.textContent('#decision'), /Message: This request contains/);
});

test('only the picked policies run', async () => {
  await page.click('[data-example=en]');
  for (const name of ['pii', 'secrets']) {
    await page.uncheck(`input[name=policy][value=${name}]`);
  }
  await page.click('#inspect');
  await page.waitForFunction(() => document.querySelector('#decision .badge')?.textContent === 'redact');
  const rules = await page.$$eval('#findings tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual([...new Set(rules)], ['keyword.project-codenames']);
  for (const name of ['pii', 'secrets']) {
    await page.check(`input[name=policy][value=${name}]`);
  }
});

test('a JSON chat request is read as the gateway reads it, segment by segment', async () => {
  await page.click('[data-example=json]');
  // the previous test's decision is still shown: clear it, so the wait below is for this request's answer
  await page.evaluate(() => { document.getElementById('decision').textContent = ''; });
  await page.click('#inspect');
  await page.waitForSelector('#decision .badge');
  // the system and user messages, each on its own, and both read as one (a value split across them is found)
  assert.match(await page.textContent('#decision'), /OpenAI chat completions request · 3 segment\(s\)/);
  const pointers = await page.$$eval('.segment h3', (hs) => hs.map((h) => h.textContent));
  assert.ok(pointers.includes('/messages/1/content · user'), pointers.join());
  assert.ok(pointers.some((p) => p.includes('#joined')), pointers.join());
});

test('an SSE transcript is joined across deltas, so a value split over events is found', async () => {
  await page.click('[data-example=sse]');
  assert.equal(await page.inputValue('#direction'), 'response');
  assert.equal(await inspect(await page.inputValue('#input'), 'response'), 'mask');
  assert.match(await page.textContent('#decision'), /SSE transcript · 1 segment/);
  const marks = await page.$$eval('.segment mark', (ms) => ms.map((m) => m.textContent));
  assert.ok(marks.includes('4111 1111 1111 1111'), marks.join());
  const output = await page.textContent('.segment .output');
  assert.ok(!output.includes('4111 1111 1111 1111') && output.includes('1111'), output);
});

test('bad input gets a clear message, not a stack trace', async () => {
  await page.selectOption('#format', 'json');
  await page.fill('#input', '{"messages": [');
  await page.click('#inspect');
  await page.waitForFunction(() => document.getElementById('error').textContent.length > 0);
  assert.match(await page.textContent('#error'), /not valid JSON/);
  assert.doesNotMatch(await page.textContent('#error'), /at io\.kexin|Exception/);
  await page.selectOption('#format', 'auto');
});

test('recent decisions and per-rule counters show rules and entities, never the text', async () => {
  await page.click('#refresh');
  await page.waitForFunction(() => document.querySelectorAll('#recent tbody tr').length > 0);
  const recent = await page.textContent('#recent');
  assert.match(recent, /pii\.phone-cn \(PHONE_CN\)/);
  assert.ok(!recent.includes(SENT_PHONE), 'the recent decisions hold no text');
  const counters = await page.$$eval('#counters tbody tr', (rows) => rows.map((r) => r.textContent));
  assert.ok(counters.some((r) => r.startsWith('pii.phone-cnpseudonymize')), counters.join(' | '));
  if (SCREENSHOT) {
    await page.click('[data-example=zh]');
    await page.click('#inspect');
    await page.waitForSelector('#decision .badge');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  }
});
