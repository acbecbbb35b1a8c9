/**
 * Loads something from the API for a view, with its loading and error states, and a `reload()` after a change.
 *
 * @example
 * const contacts = useLoad(() => api.get(`/api/residents/${id}/contacts`, z.array(contactSchema)), [id]);
 */
import { type DependencyList, useCallback, useEffect, useState } from 'react';
import { messageOf } from '../api/client.js';

export type Loaded<T> =
  | { state: 'loading'; reload: () => void }
  | { state: 'failed'; problem: string; reload: () => void }
  | { state: 'ready'; value: T; reload: () => void };

export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [result, setResult] = useState<
    { state: 'loading' } | { state: 'failed'; problem: string } | { state: 'ready'; value: T }
  >({ state: 'loading' });
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setResult({ state: 'ready', value }),
      (error: unknown) => current && setResult({ state: 'failed', problem: messageOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);

  return { ...result, reload };
}
