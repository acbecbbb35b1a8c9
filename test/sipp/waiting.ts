/**
 * Waiting in the end-to-end tests: for a while, or until something is so.
 *
 * @example
 * await waitFor('the call to clear', () => app.sip?.activeCalls === 0, 5000);
 */

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `pollMs`; fails with `timed out waiting for <what>` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 8000, pollMs = 20): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(pollMs);
  }
}
