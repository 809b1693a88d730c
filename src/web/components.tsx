// The page kit's one import path. Each part lives in kit/ in a file with one job; this index only
// re-exports them so pages import from one place (see docs/decisions.md, 2026-12-03, the web kit).
export { ActionForm, CsrfField, ErrorSummary, HiddenFields, PostForm, SubmitButton, emptyForm, errorFor, valueText, type FormState } from './kit/form.js';
export { DateField, ErrorMessage, Field, FieldFrame, FileField, Hint, Select, describedBy, fieldId, type Choice, type ControlProps } from './kit/fields.js';
export { Checkbox, CheckboxGroup, Fieldset, RadioGroup } from './kit/choices.js';
export { DataTable, type Column } from './kit/tables.js';
export { EmptyState, PaginatedList, Pagination, ResultCount } from './kit/lists.js';
export { FilterForm, FilteredTable, type FilterFormProps } from './kit/filters.js';
export { DateText } from './kit/dates.js';
