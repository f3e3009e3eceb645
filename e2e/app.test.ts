import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import { launchChromium } from './support/browser.ts';
import { UiNode } from './support/ui-node.ts';

/**
 * The app end to end, as a person uses it: two `dagwallet node --ui` processes on dagwallet's
 * devnet (real P2P on loopback, real proof of work, coinbase maturity 100 blocks), each driven in
 * Debian's Chromium through the served UI. Screenshots of every screen go to e2e/screenshots/.
 */

const SCREENSHOTS = new URL('./screenshots/', import.meta.url).pathname;
const PASSWORD = 'correct horse battery staple 42';
/** Mining 100+ devnet blocks on one thread takes a few minutes on a loaded two-core machine. */
const MATURITY_TIMEOUT_MS = 12 * 60_000;
const STEP_TIMEOUT_MS = 60_000;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

function sompiText(text: string): number {
  return Number(text.replace(/[^0-9.]/g, ''));
}

/** First run: create a wallet, write down the words, pass the quiz, set the password. */
async function createWallet(page: Page, who: string): Promise<void> {
  await page.getByTestId('create-wallet').click();
  await page.getByTestId('setup-free-space').waitFor();
  if (who === 'alice') await shot(page, '01-first-run-network-and-folder');
  await page.getByTestId('setup-continue').click();
  const words = page.getByTestId('mnemonic-word');
  await words.first().waitFor();
  assert.equal(await words.count(), 24);
  const byPosition = new Map<number, string>();
  for (const word of await words.all()) {
    byPosition.set(
      Number(await word.getAttribute('data-position')),
      (await word.innerText()).replace(/^\d+\.?\s*/, '').trim(),
    );
  }
  if (who === 'alice') await shot(page, '02-first-run-words');
  await page.getByTestId('mnemonic-saved').check();
  await page.getByTestId('mnemonic-continue').click();
  const quiz = page.getByTestId('quiz-input');
  await quiz.first().waitFor();
  const inputs = await quiz.all();
  assert.ok(inputs.length >= 3, 'the quiz asks at least three words');
  for (const input of inputs) {
    const position = Number(await input.getAttribute('data-position'));
    await input.fill(byPosition.get(position) ?? '');
  }
  if (who === 'alice') await shot(page, '03-first-run-quiz');
  await page.getByTestId('quiz-submit').click();
  await page.getByTestId('password').fill(PASSWORD);
  await page.getByTestId('password-confirm').fill(PASSWORD);
  await page.getByTestId('password-strength').waitFor();
  if (who === 'alice') await shot(page, '04-first-run-password');
  await page.getByTestId('create-submit').click();
  await page.getByTestId('balance-spendable').waitFor({ timeout: STEP_TIMEOUT_MS });
}

describe('the app in Chromium against two devnet nodes', { timeout: 20 * 60_000 }, () => {
  let alice: UiNode;
  let bob: UiNode;
  let browser: Browser;
  let alicePage: Page;
  let bobPage: Page;
  let bobAddress = '';
  let txid = '';

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    alice = await UiNode.start('alice');
    bob = await UiNode.start('bob', ['--peer', alice.p2pAddress]);
    browser = await launchChromium();
    alicePage = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    bobPage = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    for (const page of [alicePage, bobPage]) page.setDefaultTimeout(STEP_TIMEOUT_MS);
  });

  after(async () => {
    await browser?.close();
    const codes = await Promise.all([alice?.stop(), bob?.stop()]);
    assert.deepEqual(codes, [0, 0], 'both nodes shut down cleanly');
  });

  it('creates a wallet on each node through the first-run screens (24 words, quiz, password)', async () => {
    await alicePage.goto(alice.uiUrl);
    await alicePage.getByTestId('create-wallet').waitFor();
    assert.doesNotMatch(alicePage.url(), /token=/, 'the token leaves the address bar');
    await createWallet(alicePage, 'alice');
    await bobPage.goto(bob.uiUrl);
    await createWallet(bobPage, 'bob');
    bobAddress = (await bobPage.getByTestId('receive-address').innerText()).trim();
    assert.match(bobAddress, /^dagdev:/);
    await shot(bobPage, '05-wallet-receive');
  });

  it('mines on alice until her coinbase rewards are spendable', async () => {
    await alicePage.getByTestId('nav-mining').click();
    await alicePage.getByTestId('mining-threads').selectOption('1');
    await alicePage.getByTestId('mining-toggle').click();
    await alicePage.waitForFunction(
      () => Number(document.querySelector('[data-testid="mining-blocks-found"]')?.textContent?.replace(/\D/g, '')) > 0,
      undefined,
      { timeout: 5 * 60_000 },
    );
    await shot(alicePage, '06-mining');
    await alicePage.getByTestId('nav-wallet').click();
    await alicePage.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid="balance-spendable"]')?.textContent?.replace(/[^0-9.]/g, '')) > 0,
      undefined,
      { timeout: MATURITY_TIMEOUT_MS, polling: 1000 },
    );
    assert.ok(sompiText(await alicePage.getByTestId('balance-spendable').innerText()) > 0);
    await shot(alicePage, '07-wallet-balance');
  });

  it('says what is wrong with an invalid address and a wrong password, then sends to bob', async () => {
    await alicePage.getByTestId('send-to').fill('dagdev:qqnotanaddress');
    await alicePage.waitForFunction(
      () => document.querySelector('[data-testid="send-to"]')?.getAttribute('aria-invalid') === 'true',
    );
    assert.match(await alicePage.getByTestId('send-to-check').innerText(), /[a-z]{3,}/i, 'the reason is in words');
    await shot(alicePage, '08-send-invalid-address');
    await alicePage.getByTestId('send-to').fill(bobAddress);
    await alicePage
      .getByTestId('send-to-check')
      .filter({ hasText: /^✓ Valid/ })
      .waitFor();
    assert.equal(await alicePage.getByTestId('send-to').getAttribute('aria-invalid'), null);
    await alicePage.getByTestId('send-amount').fill('12.5');
    await alicePage.getByTestId('send-review').click();
    await alicePage.getByTestId('send-fee').waitFor();
    await alicePage.getByTestId('send-password').fill('not the password');
    await alicePage.getByTestId('send-confirm').click();
    const sendError = alicePage.getByTestId('send-error');
    await sendError.waitFor();
    assert.match(await sendError.innerText(), /password/i);
    await shot(alicePage, '09-send-wrong-password');
    await alicePage.getByTestId('send-password').fill(PASSWORD);
    await alicePage.getByTestId('send-confirm').click();
    const result = alicePage.getByTestId('send-result');
    await result.waitFor();
    txid = (await result.getAttribute('data-txid')) ?? '';
    assert.match(txid, /^[0-9a-f]{64}$/);
    await shot(alicePage, '10-send-result');
  });

  it('shows the payment in both histories, confirmed', async () => {
    const row = `[data-testid="history-row"][data-txid="${txid}"]`;
    await alicePage.locator(row).waitFor({ timeout: 2 * STEP_TIMEOUT_MS });
    await bobPage.locator(row).waitFor({ timeout: 2 * STEP_TIMEOUT_MS });
    await bobPage.waitForFunction(
      (selector) => /confirm/i.test(document.querySelector(selector)?.textContent ?? ''),
      row,
      {
        timeout: 3 * STEP_TIMEOUT_MS,
      },
    );
    await shot(bobPage, '11-bob-history');
    await shot(alicePage, '12-alice-history');
  });

  it('finds the transaction in the explorer and shows it accepted', async () => {
    await alicePage.getByTestId('nav-explorer').click();
    await alicePage.getByTestId('explorer-search').fill(txid);
    await alicePage.getByTestId('explorer-search-submit').click();
    await alicePage.getByTestId('tx-page').waitFor();
    await alicePage
      .getByTestId('tx-status')
      .filter({ hasText: /accepted/i })
      .waitFor({ timeout: 2 * STEP_TIMEOUT_MS });
    await shot(alicePage, '13-explorer-transaction');
    await alicePage.getByTestId('nav-explorer').click();
    await alicePage.getByTestId('live-block-row').first().waitFor();
    await shot(alicePage, '14-explorer-live-blocks');
  });

  it('draws the DAG and adds blocks as they arrive', async () => {
    await alicePage.getByTestId('nav-dag').click();
    const canvas = alicePage.getByTestId('dag-canvas');
    await canvas.waitFor();
    const count = async () => Number(await canvas.getAttribute('data-block-count'));
    await alicePage.waitForFunction(
      () => Number(document.querySelector('[data-testid="dag-canvas"]')?.getAttribute('data-block-count')) > 0,
    );
    const before = await count();
    await alicePage.waitForFunction(
      (seen) => Number(document.querySelector('[data-testid="dag-canvas"]')?.getAttribute('data-block-count')) > seen,
      before,
      { timeout: 2 * STEP_TIMEOUT_MS },
    );
    await shot(alicePage, '15-dag-view');
  });

  it('locks, refuses a wrong password with a message, unlocks with the right one', async () => {
    await alicePage.getByTestId('nav-wallet').click();
    await alicePage.getByTestId('wallet-lock').click();
    await alicePage.getByTestId('unlock-password').fill('wrong password');
    await alicePage.getByTestId('unlock-submit').click();
    const error = alicePage.getByTestId('unlock-error');
    await error.waitFor();
    assert.match(await error.innerText(), /password/i);
    await shot(alicePage, '16-unlock-wrong-password');
    await alicePage.getByTestId('unlock-password').fill(PASSWORD);
    await alicePage.getByTestId('unlock-submit').click();
    await alicePage.getByTestId('balance-spendable').waitFor();
  });

  it('shows the home, network, settings and logs screens', async () => {
    await alicePage.getByTestId('nav-mining').click();
    await alicePage.getByTestId('mining-toggle').click();
    await alicePage.getByTestId('nav-home').click();
    await alicePage.getByTestId('home-daa').waitFor();
    await shot(alicePage, '17-home');
    await alicePage.getByTestId('nav-network').click();
    await alicePage.getByTestId('peer-row').first().waitFor();
    await shot(alicePage, '18-network');
    await alicePage.getByTestId('nav-settings').click();
    await alicePage.getByTestId('settings-save').waitFor();
    await shot(alicePage, '19-settings');
    await alicePage.getByTestId('nav-logs').click();
    await alicePage.getByTestId('log-line').first().waitFor();
    await shot(alicePage, '20-logs');
  });
});
