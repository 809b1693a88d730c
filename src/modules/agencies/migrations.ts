import { agencyReference, idColumn, timestamps } from '../../core/db/columns.js';
import type { ModuleMigration } from '../../core/db/migrate.js';

export const agencyMigrations: ModuleMigration[] = [
  {
    name: '0100_agencies',
    async up(db) {
      await db.schema
        .createTable('agencies')
        .addColumn(...idColumn())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name_zh', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn(...agencyReference('parent_id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('website', 'text')
        .$call(timestamps)
        .execute();
      await db.schema.createIndex('agencies_parent').on('agencies').column('parent_id').execute();
    },
  },
];
