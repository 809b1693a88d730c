// Client island for the agency picker (web/kit/agency-picker.tsx): type-to-find over the native
// select, as an ARIA 1.2 combobox with a listbox popup. Typing filters by any part of an agency's
// name (in either language) or of its parents' names; arrow keys move, Enter chooses, Escape
// closes. The select stays in the form (hidden) and is what is submitted; the text box only
// chooses its value. Texts come from the page as data-msg-* attributes, in the page's language.
// Loaded once per picker on a page, so it enhances each picker only once.

interface Entry {
  value: string;
  name: string;
  path: string;
  depth: number;
  /** Folded name in both languages and parents' names, for matching. */
  haystack: string;
}

let counter = 0;

// 台 and 臺 are the same character in everyday writing; agencies use 臺 in their names.
const fold = (text: string) => text.normalize('NFKC').toLocaleLowerCase().replace(/台/g, '臺');

function message(root: HTMLElement, key: string, params: Record<string, string | number> = {}): string {
  const template = root.getAttribute(`data-msg-${key}`) ?? '';
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function enhance(root: HTMLElement): void {
  const found = root.querySelector('select');
  if (!found || root.dataset.enhanced === 'true') return;
  const select: HTMLSelectElement = found;
  root.dataset.enhanced = 'true';
  const uid = `agency-picker-${++counter}`;

  const entries: Entry[] = [...select.options]
    .filter((o) => o.value !== '' && !o.disabled)
    .map((o) => {
      const name = o.dataset.name ?? o.text.trim();
      const path = o.dataset.path ?? '';
      return { value: o.value, name, path, depth: Number(o.dataset.depth ?? 0), haystack: fold(`${name} ${o.dataset.otherName ?? ''} ${path}`) };
    });
  const byValue = new Map(entries.map((e) => [e.value, e]));

  // The text box takes over the select's id, so the label and the error summary's link reach it.
  const input = document.createElement('input');
  input.type = 'text';
  input.className = `usa-input og-agency-picker__input${select.classList.contains('usa-input--error') ? ' usa-input--error' : ''}`;
  input.id = select.id;
  select.id = `${input.id}-native`;
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', `${uid}-list`);
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.required = select.required;
  if (select.getAttribute('aria-invalid')) input.setAttribute('aria-invalid', select.getAttribute('aria-invalid')!);
  input.setAttribute('aria-describedby', [select.getAttribute('aria-describedby') ?? '', `${uid}-path`, `${uid}-help`].filter(Boolean).join(' '));
  select.required = false;
  select.hidden = true;
  select.tabIndex = -1;
  select.setAttribute('aria-hidden', 'true');

  const help = document.createElement('span');
  help.id = `${uid}-help`;
  help.className = 'usa-sr-only';
  help.textContent = message(root, 'instructions');

  const path = document.createElement('div');
  path.id = `${uid}-path`;
  path.className = 'usa-hint og-agency-picker__path';

  const list = document.createElement('ul');
  list.id = `${uid}-list`;
  list.className = 'og-agency-picker__list';
  list.setAttribute('role', 'listbox');
  const label = document.querySelector<HTMLLabelElement>(`label[for="${CSS.escape(input.id)}"]`);
  if (label) {
    label.id ||= `${uid}-label`;
    list.setAttribute('aria-labelledby', label.id);
  }
  list.hidden = true;
  // Pressing on the list (its scroll bar included) must not take the focus from the text box.
  list.addEventListener('mousedown', (event) => event.preventDefault());

  const status = document.createElement('div');
  status.className = 'usa-sr-only';
  status.setAttribute('role', 'status');

  root.append(input, help, path, list, status);

  let shown: Entry[] = [];
  let active = -1;
  // The last agency chosen from the list (or the page's own choice); Escape goes back to it.
  let committed = select.value;

  const chosen = () => byValue.get(select.value);

  function showPath(): void {
    const entry = chosen();
    path.textContent = entry?.path ? message(root, 'path', { path: entry.path }) : '';
  }

  function checkValidity(): void {
    input.setCustomValidity(input.value.trim() !== '' && !chosen() ? message(root, 'invalid') : '');
  }

  function setValue(value: string): void {
    if (select.value === value) return;
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }

  function optionId(index: number): string {
    return `${uid}-option-${index}`;
  }

  function highlight(index: number): void {
    active = index;
    list.querySelectorAll('[role="option"]').forEach((el, i) => el.setAttribute('aria-selected', String(i === index)));
    if (index < 0) {
      input.removeAttribute('aria-activedescendant');
      return;
    }
    input.setAttribute('aria-activedescendant', optionId(index));
    list.children[index]?.scrollIntoView({ block: 'nearest' });
  }

  function render(query: string): void {
    const folded = fold(query.trim());
    shown = folded ? entries.filter((e) => e.haystack.includes(folded)) : entries;
    list.replaceChildren(
      ...shown.map((entry, i) => {
        const option = document.createElement('li');
        option.id = optionId(i);
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.className = 'og-agency-picker__option';
        // The whole list shows the tree by indentation; a filtered one says where each agency sits.
        if (!folded) option.style.paddingLeft = `${0.5 + entry.depth * 1.25}rem`;
        const name = document.createElement('span');
        name.textContent = entry.name;
        option.append(name);
        if (folded && entry.path) {
          const where = document.createElement('span');
          where.className = 'og-agency-picker__where';
          where.textContent = entry.path;
          option.append(where);
        }
        option.addEventListener('click', () => choose(entry));
        return option;
      }),
    );
    active = -1;
    input.removeAttribute('aria-activedescendant');
    status.textContent = shown.length === 0 ? message(root, 'none') : message(root, 'count', { count: shown.length });
  }

  function open(query: string): void {
    render(query);
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function close(): void {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  const isOpen = () => !list.hidden;

  function choose(entry: Entry): void {
    committed = entry.value;
    setValue(entry.value);
    input.value = entry.name;
    showPath();
    checkValidity();
    close();
    input.focus();
  }

  /** The list shows everything when the box still holds the chosen agency, else what matches. */
  const currentQuery = () => (chosen() && input.value === chosen()!.name ? '' : input.value);

  input.addEventListener('input', () => {
    const text = input.value.trim();
    const exact = entries.filter((e) => fold(e.name) === fold(text));
    if (exact.length === 1) setValue(exact[0]!.value);
    else if (chosen()?.name !== text) setValue('');
    showPath();
    checkValidity();
    open(input.value);
  });

  input.addEventListener('click', () => {
    if (!isOpen()) open(currentQuery());
  });

  input.addEventListener('keydown', (event) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!isOpen()) {
          open(currentQuery());
          if (!event.altKey) highlight(shown.length > 0 ? 0 : -1);
        } else if (shown.length > 0) {
          highlight(Math.min(active + 1, shown.length - 1));
        }
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (!isOpen()) {
          open(currentQuery());
          highlight(shown.length - 1);
        } else if (shown.length > 0) {
          highlight(active <= 0 ? 0 : active - 1);
        }
        break;
      case 'Enter':
        if (!isOpen()) return;
        event.preventDefault();
        if (active >= 0) choose(shown[active]!);
        else if (shown.length === 1) choose(shown[0]!);
        break;
      case 'Escape':
        if (isOpen()) {
          event.preventDefault();
          close();
        } else {
          setValue(committed);
          input.value = chosen()?.name ?? '';
          showPath();
          checkValidity();
        }
        break;
      case 'Tab':
        close();
        break;
    }
  });

  input.addEventListener('blur', () => close());

  const initial = chosen();
  if (initial) input.value = initial.name;
  showPath();
}

document.querySelectorAll<HTMLElement>('[data-agency-picker]').forEach(enhance);
