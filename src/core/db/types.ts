// The database as Kysely sees it, split by owner. Core's own tables (audit, jobs, rate limits,
// outbox) are merged into CoreTables by the core files that define them; each module declares its
// own tables in its tables.ts and sees them through tablesOf (./tables-of.ts). No module's table
// is visible to another module's queries: what one module needs from another it asks through the
// functions the owner publishes in its manifest.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CoreTables {}

/** Any handle (plain, transaction, or narrowed to a module's tables): what core functions accept. */
export type AnyDb = Kysely<any>;

export type Dialect = 'sqlite' | 'postgres';
