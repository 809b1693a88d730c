// The database schema as Kysely sees it. Each module adds its own tables by declaration merging:
//   declare module '../../core/db/types.js' { interface Database { users: UsersTable } }
// so core never names a module's tables.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}

export type Dialect = 'sqlite' | 'postgres';
