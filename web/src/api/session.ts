/**
 * The signed-in token lives in sessionStorage: it goes when the browser tab is closed, and is never sent anywhere
 * but this service's API.
 */
const key = 'callwarden.token';

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, token);
  } catch {
    // Storage switched off (private mode): the session then lasts until the page is reloaded.
  }
}
