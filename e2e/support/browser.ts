import { chromium, type Browser } from 'playwright';

/** Debian's Chromium (never a downloaded browser). */
export const CHROMIUM_PATH = process.env.DAGWALLET_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Headless Chromium with its background traffic off: this machine's network is closed, and the
 * browser's own update, sync and safe-browsing requests would only fail and slow it down.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
    ],
  });
}
