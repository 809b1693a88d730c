// Client island for the passkey pages: asks the server for options, runs the WebAuthn ceremony in
// the browser, sends the result back, then follows the redirect the server names. The page
// carries everything it needs as data- attributes on [data-passkey-ceremony]; without this script
// (or without WebAuthn) the page keeps its plain notice and the password path.
import { WebAuthnError, browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';

type Kind = 'register' | 'login' | 'second-factor';

class ServerError extends Error {}

function message(root: HTMLElement, key: string): string {
  return root.getAttribute(`data-msg-${key}`) ?? '';
}

function showStatus(root: HTMLElement, text: string, kind: 'info' | 'error'): void {
  const status = root.querySelector<HTMLElement>('[data-passkey-status]');
  if (!status) return;
  status.replaceChildren();
  if (!text) return;
  const alert = document.createElement('div');
  alert.className = `usa-alert usa-alert--${kind} usa-alert--slim`;
  const body = document.createElement('div');
  body.className = 'usa-alert__body';
  const p = document.createElement('p');
  p.className = 'usa-alert__text';
  p.textContent = text;
  body.append(p);
  alert.append(body);
  status.append(alert);
}

async function postJson(root: HTMLElement, url: string, body: unknown): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': root.dataset.csrfToken ?? '' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ServerError(message(root, 'network'));
  }
  const data = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!response.ok || !data) {
    const detail = data && typeof data.detail === 'string' ? data.detail : message(root, 'network');
    throw new ServerError(detail);
  }
  return data;
}

function describeError(root: HTMLElement, error: unknown): string {
  if (error instanceof ServerError) return error.message;
  if (error instanceof WebAuthnError && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') return message(root, 'duplicate');
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'AbortError') return message(root, 'cancelled');
  return message(root, 'network');
}

/** Only a path on this site; anything else stays on the current page. */
function isLocalPath(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.includes('\\');
}

async function runCeremony(root: HTMLElement, kind: Kind, form: HTMLFormElement): Promise<void> {
  const optionsUrl = root.dataset.optionsUrl!;
  const verifyUrl = root.dataset.verifyUrl!;
  const optionsJSON = (await postJson(root, optionsUrl, {})) as never;
  let payload: Record<string, unknown>;
  if (kind === 'register') {
    const name = (form.elements.namedItem('name') as HTMLInputElement | null)?.value.trim() ?? '';
    payload = { name, response: await startRegistration({ optionsJSON }) };
  } else {
    payload = { response: await startAuthentication({ optionsJSON }), ...(root.dataset.next && { next: root.dataset.next }) };
  }
  const result = await postJson(root, verifyUrl, payload);
  window.location.assign(isLocalPath(result.redirect) ? result.redirect : window.location.pathname);
}

function setUp(root: HTMLElement): void {
  const kind = root.dataset.passkeyCeremony as Kind;
  const form = root.querySelector<HTMLFormElement>('form[data-passkey-form]');
  const noticeText = root.querySelector<HTMLElement>('[data-passkey-notice-text]');
  if (!form) return;
  if (!browserSupportsWebAuthn()) {
    // Keep the notice (and its password link) but say what is actually missing.
    if (noticeText) noticeText.textContent = message(root, 'unsupported');
    return;
  }
  root.querySelector<HTMLElement>('[data-passkey-notice]')?.setAttribute('hidden', '');
  form.hidden = false;
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    if (button) button.disabled = true;
    showStatus(root, message(root, 'working'), 'info');
    runCeremony(root, kind, form).catch((error: unknown) => {
      showStatus(root, describeError(root, error), 'error');
      if (button) button.disabled = false;
    });
  });
}

for (const root of document.querySelectorAll<HTMLElement>('[data-passkey-ceremony]')) setUp(root);
