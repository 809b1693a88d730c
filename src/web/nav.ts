// A link a module puts in the header's navigation (ModuleManifest.nav), shown by the layout.
import type { Role } from '../core/actor.js';

export interface NavItem {
  href: string;
  /** i18n key */
  label: string;
  /** Shown only to these roles; omitted means everyone. */
  roles?: Role[];
  area: 'main' | 'admin';
}
