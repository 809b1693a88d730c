// Client island for the deliberation pages; everything works without it.
// - Vote buttons post in the background and swap in the next statement without a page load.
// - The embed code gets a copy button.

function swapCard(html: string): boolean {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const next = doc.getElementById('deliberation-participate');
  const current = document.getElementById('deliberation-participate');
  if (!next || !current) return false;
  current.replaceWith(next);
  bindVotes(next);
  next.querySelector<HTMLElement>('#og-statement-heading')?.focus();
  return true;
}

function bindVotes(root: ParentNode): void {
  root.querySelectorAll<HTMLFormElement>('form[data-og-vote]').forEach((form) => {
    form.addEventListener('submit', (event) => {
      const submitter = event.submitter as HTMLButtonElement | null;
      if (!submitter || !window.fetch || !window.DOMParser) return;
      event.preventDefault();
      const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
      body.set(submitter.name, submitter.value);
      form.querySelectorAll('button').forEach((b) => (b.disabled = true));
      fetch(form.action, { method: 'POST', body, credentials: 'same-origin', headers: { accept: 'text/html' } })
        .then((response) => response.text().then((text) => ({ ok: response.ok, text })))
        .then((result) => {
          if (!result.ok || !swapCard(result.text)) {
            document.open();
            document.write(result.text);
            document.close();
          }
        })
        .catch(() => {
          const hidden = document.createElement('input');
          hidden.type = 'hidden';
          hidden.name = submitter.name;
          hidden.value = submitter.value;
          form.appendChild(hidden);
          form.submit();
        });
    });
  });
}

function bindCopy(): void {
  document.querySelectorAll<HTMLButtonElement>('button[data-copy]').forEach((button) => {
    const target = document.getElementById(button.getAttribute('data-copy') ?? '') as HTMLTextAreaElement | HTMLInputElement | null;
    if (!target || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener('click', () => {
      void navigator.clipboard.writeText(target.value).then(() => {
        button.textContent = button.getAttribute('data-copied') || button.textContent;
      });
    });
  });
}

document.addEventListener('DOMContentLoaded', () => {
  bindVotes(document);
  bindCopy();
});
