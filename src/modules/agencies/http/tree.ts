// Arranges the flat agency list into the directory's tree: the central government from its roots,
// and local governments grouped the way Taiwan's Local Government Act groups them.
import type { Agency } from '../schemas.js';

export interface AgencyNode {
  agency: Agency;
  children: AgencyNode[];
}

export type LocalGroup = 'special_municipality' | 'city' | 'county' | 'other';
export const localGroups: LocalGroup[] = ['special_municipality', 'city', 'county', 'other'];

// The six special municipalities (直轄市) are fixed by law; the table has no column for the tier,
// so it is read from the official Chinese name.
const SPECIAL_MUNICIPALITY = /^(臺北|台北|新北|桃園|臺中|台中|臺南|台南|高雄)市政府$/;

export function localGroupOf(agency: Agency): LocalGroup {
  if (SPECIAL_MUNICIPALITY.test(agency.nameZh)) return 'special_municipality';
  if (/市政府$/.test(agency.nameZh)) return 'city';
  if (/縣政府$/.test(agency.nameZh)) return 'county';
  return 'other';
}

/**
 * Children in creation order: ids are UUIDv7, so sorting by id keeps the order in which the seed
 * lists them (總統府, then the five Yuan in constitutional order; ministries before councils).
 */
export const byCreation = (a: Agency, b: Agency) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function buildForest(agencies: Agency[]): AgencyNode[] {
  const childrenOf = new Map<string | null, Agency[]>();
  const ids = new Set(agencies.map((a) => a.id));
  for (const agency of agencies) {
    // An agency whose parent is not in the list is shown as a root rather than lost.
    const key = agency.parentId && ids.has(agency.parentId) ? agency.parentId : null;
    const list = childrenOf.get(key) ?? [];
    list.push(agency);
    childrenOf.set(key, list);
  }
  const build = (agency: Agency, depth: number): AgencyNode => ({
    agency,
    children: depth > 20 ? [] : (childrenOf.get(agency.id) ?? []).sort(byCreation).map((c) => build(c, depth + 1)),
  });
  return (childrenOf.get(null) ?? []).sort(byCreation).map((a) => build(a, 0));
}

export interface Directory {
  central: AgencyNode[];
  local: Array<{ group: LocalGroup; nodes: AgencyNode[] }>;
}

export function buildDirectory(agencies: Agency[]): Directory {
  const forest = buildForest(agencies);
  const central = forest.filter((n) => n.agency.kind === 'central');
  const localRoots = forest.filter((n) => n.agency.kind === 'local');
  const local = localGroups
    .map((group) => ({ group, nodes: localRoots.filter((n) => localGroupOf(n.agency) === group) }))
    .filter((g) => g.nodes.length > 0);
  return { central, local };
}
