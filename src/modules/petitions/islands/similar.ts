// Client island for the proposal form: similar proposals while the title is typed (the form works
// without it). The "none found" sentence comes from the page, in the page's language.

const input = document.getElementById('field-title') as HTMLInputElement | null;
const box = document.getElementById('similar-results');

if (input && box) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  const lang = document.documentElement.lang === 'en' ? 'en' : 'zh-TW';
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const title = input.value.trim();
      if (title.length < 2 || title === last) return;
      last = title;
      try {
        const response = await fetch(`/api/v1/proposals/similar?title=${encodeURIComponent(title)}&lang=${lang}`, { headers: { accept: 'application/json' } });
        if (!response.ok) return;
        const items = (await response.json()) as Array<{ url: string; title: string }>;
        box.replaceChildren();
        if (items.length === 0) {
          const p = document.createElement('p');
          p.textContent = box.dataset.none || '';
          box.append(p);
          return;
        }
        const ul = document.createElement('ul');
        ul.className = 'usa-list';
        for (const item of items) {
          const li = document.createElement('li');
          const a = document.createElement('a');
          a.href = item.url;
          a.textContent = item.title;
          li.append(a);
          ul.append(li);
        }
        box.append(ul);
      } catch {
        // The list is a convenience; the form goes on without it.
      }
    }, 400);
  });
}
