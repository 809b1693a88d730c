// When each dataset's linked resources were last fetched by the scheduled quality check.
import { timestampColumn } from '../../../core/db/columns.js';
import type { ModuleMigration } from '../../../core/db/migrate.js';

declare module '../tables.js' {
  interface OdDatasetsTable {
    /** Last claim by the scheduled quality check (fetching linked resources); null: never checked. */
    quality_checked_at?: string | null;
  }
}

export const qualityMigrations: ModuleMigration[] = [
  {
    name: '0310_opendata_quality_checked_at',
    async up(db) {
      await db.schema.alterTable('od_datasets').addColumn(...timestampColumn('quality_checked_at')).execute();
      await db.schema.createIndex('od_datasets_quality_checked').on('od_datasets').column('quality_checked_at').execute();
    },
  },
];
