import type { ModuleMigration } from '../../core/db/migrate.js';
import { timestampColumn, userReference } from '../../core/db/columns.js';

export const identityMigrations: ModuleMigration[] = [
  {
    name: '0600_identity',
    async up(db) {
      await db.schema
        .createTable('identity_clients')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('agency_id', 'text')
        .addColumn('redirect_uris', 'text', (c) => c.notNull())
        .addColumn('post_logout_redirect_uris', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('claims', 'text', (c) => c.notNull())
        .addColumn('sector', 'text', (c) => c.notNull())
        .addColumn('public_subject', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('min_acr', 'text', (c) => c.notNull())
        .addColumn('auth_method', 'text', (c) => c.notNull())
        .addColumn('jwks', 'text')
        .addColumn('secret_salt', 'text')
        .addColumn('secret_rotated_at', 'text')
        .addColumn('id_token_alg', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('identity_clients_agency').on('identity_clients').column('agency_id').execute();

      await db.schema
        .createTable('identity_oidc_records')
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('grant_id', 'text')
        .addColumn('uid', 'text')
        .addColumn('user_code', 'text')
        .addColumn('expires_at', 'text')
        .addColumn('consumed_at', 'text')
        .addPrimaryKeyConstraint('identity_oidc_records_pk', ['model', 'id'])
        .execute();
      await db.schema.createIndex('identity_oidc_records_grant').on('identity_oidc_records').column('grant_id').execute();
      await db.schema.createIndex('identity_oidc_records_uid').on('identity_oidc_records').columns(['model', 'uid']).execute();
      await db.schema.createIndex('identity_oidc_records_expiry').on('identity_oidc_records').column('expires_at').execute();

      await db.schema
        .createTable('identity_signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('alg', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('private_jwk_sealed', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('retired_at', 'text')
        .execute();

      await db.schema
        .createTable('identity_consents')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('grant_id', 'text', (c) => c.notNull())
        .addColumn('granted_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('identity_consents_pk', ['user_id', 'client_id'])
        .execute();
    },
  },
  {
    name: '0610_identity_person_bindings',
    async up(db) {
      await db.schema
        .createTable('identity_person_bindings')
        .addColumn('person_key', 'text', (c) => c.primaryKey().notNull())
        .addColumn(...userReference('user_id', { notNull: true }))
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('nationality', 'text', (c) => c.notNull())
        .addColumn('residence', 'text')
        .addColumn(...timestampColumn('bound_at', { notNull: true }))
        .addColumn(...timestampColumn('verified_at', { notNull: true }))
        .addUniqueConstraint('identity_person_bindings_user', ['user_id'])
        .execute();
    },
  },
  {
    name: '0611_identity_certificate_sign_in',
    async up(db) {
      await db.schema
        .createTable('identity_certificate_crls')
        .addColumn('ca_fingerprint', 'text', (c) => c.primaryKey().notNull())
        .addColumn('crl', 'text', (c) => c.notNull())
        .addColumn(...timestampColumn('this_update', { notNull: true }))
        .addColumn(...timestampColumn('next_update'))
        .addColumn(...timestampColumn('fetched_at', { notNull: true }))
        .execute();
      await db.schema
        .createTable('identity_sign_in_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey().notNull())
        .addColumn('person_key', 'text', (c) => c.notNull())
        .addColumn('nationality', 'text', (c) => c.notNull())
        .addColumn('residence', 'text')
        .addColumn('certificate_serial', 'text', (c) => c.notNull())
        .addColumn('certificate_issuer', 'text', (c) => c.notNull())
        .addColumn('next', 'text', (c) => c.notNull())
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .addColumn(...timestampColumn('expires_at', { notNull: true }))
        .execute();
      await db.schema.createIndex('identity_sign_in_codes_expiry').on('identity_sign_in_codes').column('expires_at').execute();
    },
  },
  {
    // Sign-ins begun at the external provider (the mobile citizen certificate): one row per started
    // sign-in, found by a hash of its state, taken once by the callback.
    name: '0620_identity_federation_sign_ins',
    async up(db) {
      await db.schema
        .createTable('identity_federation_sign_ins')
        .addColumn('state_hash', 'text', (c) => c.primaryKey())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('code_verifier', 'text', (c) => c.notNull())
        .addColumn('next', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('session_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('taken_at', 'text')
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('identity_federation_sign_ins_expiry').on('identity_federation_sign_ins').column('expires_at').execute();
    },
  },
  {
    // The national id sealed (AES-256-GCM under a key derived from SECRET) beside its HMAC, so the
    // provider can release it to the relying parties explicitly allowed the national_id claim.
    name: '0621_identity_person_bindings_sealed_id',
    async up(db) {
      await db.schema.alterTable('identity_person_bindings').addColumn('national_id_sealed', 'text').execute();
    },
  },
];
