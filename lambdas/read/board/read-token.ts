/**
 * The read token, kept for this tab only: sessionStorage survives a reload but not closing the
 * tab, is never sent with requests (unlike a cookie) and never shows in the address or history.
 */
const KEY = 'engage-wfm-forwarder:read-token';

export function storedReadToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeReadToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function forgetReadToken(): void {
  sessionStorage.removeItem(KEY);
}
