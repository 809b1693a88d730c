// The one agency picker. Without JavaScript it is a native <select> that submits the agency's code
// (or id, where the action takes ids): agencies in two groups (central government, local
// government), each agency under its parent, indented, siblings sorted by name in the page's
// language. Codes are never shown. The agency-picker island (src/web/islands/agency-picker.ts)
// adds type-to-find on top (matching either language's name); the select stays the control whose value is submitted.
import type { Locale } from '../../core/i18n/index.js';
import type { PageContext } from '../context.js';
import { describedBy, FieldFrame } from './fields.js';
import { errorFor, type FormState } from './form.js';

/** What the picker needs about an agency (the agencies module's `Agency` has it). */
export interface PickerAgency {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  parentId: string | null;
  kind: 'central' | 'local';
}

export interface PickerOption {
  value: string;
  name: string;
  /** The name in the other language, which type-to-find also matches. */
  otherName: string;
  depth: number;
  /** Names of the agency's ancestors, top first, in the page's language. */
  path: string[];
  /** False for an ancestor shown only to place the agencies under it. */
  selectable: boolean;
}

export interface PickerGroup {
  kind: PickerAgency['kind'];
  options: PickerOption[];
}

export const PATH_SEPARATOR = ' › ';
// U+3000 survives the whitespace collapsing browsers apply to option text, in both languages.
const INDENT = '\u3000';
const MAX_DEPTH = 20;

export function agencyDisplayName(locale: Locale, agency: Pick<PickerAgency, 'nameZh' | 'nameEn'>): string {
  return locale === 'en' ? agency.nameEn.trim() || agency.nameZh : agency.nameZh;
}

export interface PickerOrderOptions {
  locale: Locale;
  /** What the control submits: the agency's code (default) or its id. */
  submits?: 'code' | 'id';
  /** Limits the choice (the agencies a civil servant may publish for); their ancestors stay, not selectable. */
  selectable?: (agency: PickerAgency) => boolean;
}

/** Agencies in picker order: central then local, each agency under its parent, siblings by name. */
export function agencyPickerGroups(agencies: readonly PickerAgency[], options: PickerOrderOptions): PickerGroup[] {
  const { locale, submits = 'code', selectable = () => true } = options;
  const collator = new Intl.Collator(locale === 'en' ? 'en' : 'zh-TW');
  const name = (a: PickerAgency) => agencyDisplayName(locale, a);
  const otherName = (a: PickerAgency) => agencyDisplayName(locale === 'en' ? 'zh-TW' : 'en', a);
  const byId = new Map(agencies.map((a) => [a.id, a]));

  // Keep the selectable agencies and every ancestor of one.
  const kept = new Set<string>();
  for (const agency of agencies) {
    if (!selectable(agency)) continue;
    let current: PickerAgency | undefined = agency;
    for (let steps = 0; current && !kept.has(current.id) && steps <= MAX_DEPTH; steps++) {
      kept.add(current.id);
      current = current.parentId ? byId.get(current.parentId) : undefined;
    }
  }

  const childrenOf = new Map<string | null, PickerAgency[]>();
  for (const agency of agencies) {
    if (!kept.has(agency.id)) continue;
    // An agency whose parent is not in the list is shown at the top rather than lost.
    const key = agency.parentId && byId.has(agency.parentId) ? agency.parentId : null;
    childrenOf.set(key, [...(childrenOf.get(key) ?? []), agency]);
  }
  const sorted = (list: PickerAgency[]) => [...list].sort((a, b) => collator.compare(name(a), name(b)) || collator.compare(a.code, b.code));

  const groups: PickerGroup[] = [
    { kind: 'central', options: [] },
    { kind: 'local', options: [] },
  ];
  const placed = new Set<string>();
  const place = (agency: PickerAgency, depth: number, path: string[], into: PickerOption[]) => {
    if (placed.has(agency.id) || depth > MAX_DEPTH) return;
    placed.add(agency.id);
    into.push({ value: submits === 'id' ? agency.id : agency.code, name: name(agency), otherName: otherName(agency), depth, path, selectable: selectable(agency) });
    for (const child of sorted(childrenOf.get(agency.id) ?? [])) place(child, depth + 1, [...path, name(agency)], into);
  };
  for (const root of sorted(childrenOf.get(null) ?? [])) place(root, 0, [], groups.find((g) => g.kind === root.kind)!.options);
  return groups.filter((g) => g.options.length > 0);
}

export const AGENCY_PICKER_SCRIPT = '/assets/js/agency-picker.js';

interface AgencyPickerProps {
  ctx: PageContext;
  state?: FormState;
  name: string;
  label: string;
  agencies: readonly PickerAgency[];
  submits?: 'code' | 'id';
  selectable?: (agency: PickerAgency) => boolean;
  /** The selected value when `state` has none for `name` (filters read it from the query). */
  value?: string;
  /** Defaults to field-<name>; give another when two forms on a page use one name. */
  id?: string;
  required?: boolean;
  hint?: string;
  /** The first, empty choice ("none", "all agencies"); omitted when undefined. */
  emptyLabel?: string;
  /** A filter above a list (in a FilterForm): no "optional" mark, since every filter is optional. */
  filter?: boolean;
}

export function AgencyPicker(props: AgencyPickerProps) {
  const { ctx, state, name, label, required, hint, emptyLabel, filter } = props;
  const id = props.id ?? `field-${name}`;
  const error = errorFor(state, name);
  const stateValue = state?.values[name];
  const current = stateValue === undefined || stateValue === null || stateValue === '' ? (props.value ?? '') : String(stateValue);
  const groups = agencyPickerGroups(props.agencies, { locale: ctx.locale, submits: props.submits, selectable: props.selectable });
  const control = (
    <div
      class="og-agency-picker"
      data-agency-picker=""
      data-msg-instructions={ctx.t('picker.agency.instructions')}
      data-msg-count={ctx.t('picker.agency.count')}
      data-msg-none={ctx.t('picker.agency.none')}
      data-msg-path={ctx.t('picker.agency.path')}
      data-msg-invalid={ctx.t('picker.agency.invalid')}
    >
      <select
        class={`usa-select${error ? ' usa-input--error' : ''}`}
        id={id}
        name={name}
        required={required}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? 'true' : undefined}
      >
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {groups.map((group) => (
          <optgroup label={ctx.t(`picker.agency.group.${group.kind}`)}>
            {group.options.map((o) => (
              <option
                value={o.value}
                selected={o.selectable && o.value === current}
                disabled={!o.selectable}
                data-name={o.name}
                data-other-name={o.otherName}
                data-path={o.path.join(PATH_SEPARATOR)}
                data-depth={String(o.depth)}
              >
                {INDENT.repeat(o.depth) + o.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <script src={AGENCY_PICKER_SCRIPT} defer />
    </div>
  );
  return (
    <FieldFrame ctx={ctx} id={id} label={label} required={required} markOptional={!filter} hint={hint} error={error}>
      {control}
    </FieldFrame>
  );
}
