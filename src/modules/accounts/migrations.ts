import { agencyReference, booleanColumn, counterColumn, idColumn, jsonColumn, timestampColumn, timestamps, userReference } from '../../core/db/columns.js';
import { sql } from 'kysely';
import type { ModuleMigration } from '../../core/db/migrate.js';

export const accountMigrations: ModuleMigration[] = [
  {
    name: '0200_accounts',
    async up(db) {
      await db.schema
        .createTable('users')
        .addColumn(...idColumn())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn(...timestampColumn('email_verified_at'))
        .addColumn('password_hash', 'text')
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn(...agencyReference())
        .addColumn('name', 'text')
        .addColumn('nickname', 'text')
        .addColumn('phone', 'text')
        .addColumn('mobile', 'text')
        .addColumn(...timestampColumn('mobile_verified_at'))
        .addColumn('address', 'text')
        .addColumn('nationality', 'text')
        .addColumn('birth_year', 'integer')
        .addColumn('preferred_locale', 'text')
        .addColumn(...counterColumn('failed_logins'))
        .addColumn(...timestampColumn('locked_until'))
        .$call(timestamps)
        .addColumn(...timestampColumn('deleted_at'))
        .execute();
      await db.schema.createIndex('users_agency').on('users').column('agency_id').execute();

      await db.schema
        .createTable('sessions')
        .addColumn(...idColumn())
        .addColumn(...userReference('user_id', { notNull: true }))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .addColumn(...timestampColumn('last_seen_at', { notNull: true }))
        .addColumn(...timestampColumn('expires_at', { notNull: true }))
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn(...timestampColumn('revoked_at'))
        .addColumn(...booleanColumn('mfa_pending', { default: false }))
        .addColumn('webauthn_challenge', 'text')
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('user_tokens')
        .addColumn(...idColumn())
        .addColumn(...userReference('user_id', { notNull: true }))
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn(...counterColumn('attempts'))
        .addColumn(...timestampColumn('expires_at', { notNull: true }))
        .addColumn(...timestampColumn('used_at'))
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .execute();
      await db.schema.createIndex('user_tokens_lookup').on('user_tokens').columns(['purpose', 'token_hash']).execute();
      await db.schema.createIndex('user_tokens_user').on('user_tokens').columns(['user_id', 'purpose']).execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn(...idColumn())
        .addColumn(...userReference('user_id', { notNull: true }))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .addColumn(...timestampColumn('last_used_at'))
        .addColumn(...timestampColumn('revoked_at'))
        .execute();

      await db.schema
        .createTable('passkeys')
        .addColumn(...idColumn())
        .addColumn(...userReference('user_id', { notNull: true }))
        .addColumn('credential_id', 'text', (c) => c.notNull().unique())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('counter', 'bigint', (c) => c.notNull())
        .addColumn(...jsonColumn('transports'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .addColumn(...timestampColumn('last_used_at'))
        .execute();
    },
  },
  {
    // WebAuthn challenges live in the database, not in process memory, so that any app process
    // can finish a ceremony another one started, and deleting the row makes each one single-use.
    name: '0210_accounts_webauthn_challenges',
    async up(db) {
      await db.schema
        .createTable('webauthn_challenges')
        .addColumn(...idColumn())
        .addColumn('challenge', 'text', (c) => c.notNull().unique())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('session_id', 'text')
        .addColumn(...timestampColumn('expires_at', { notNull: true }))
        .addColumn(...timestampColumn('created_at', { notNull: true }))
        .execute();
      await db.schema.createIndex('webauthn_challenges_expiry').on('webauthn_challenges').column('expires_at').execute();
    },
  },
  {
    name: '0220_accounts_session_sign_in_methods',
    async up(db) {
      // How the session was signed in (RFC 8176 amr values, space-separated), so the identity
      // provider can state methods and assurance; sessions from before carry '' (treated as password).
      await db.schema.alterTable('sessions').addColumn('sign_in_methods', 'text', (c) => c.notNull().defaultTo('')).execute();
    },
  },
  {
    // API tokens expire; passkeys can be suspended (a password reset does it until the owner confirms each).
    name: '0230_accounts_token_expiry_passkey_review',
    async up(db) {
      await db.schema.alterTable('api_tokens').addColumn(...timestampColumn('expires_at')).execute();
      await db.schema.alterTable('passkeys').addColumn(...timestampColumn('suspended_at')).execute();
      // Tokens made before expiry existed get the default lifetime from the upgrade, not from their
      // creation, so an integration does not stop the moment the platform is upgraded.
      const upgradeExpiry = new Date(Date.now() + 90 * 86_400_000).toISOString();
      await db.updateTable('api_tokens').set({ expires_at: upgradeExpiry }).where('expires_at', 'is', null).execute();
    },
  },
  {
    // A verified mobile number belongs to one account: a partial unique index (both engines have them),
    // so two accounts verifying one number at the same moment cannot both succeed.
    name: '0240_accounts_verified_mobile_unique',
    async up(db) {
      // Numbers verified on several accounts before: the earliest verification keeps it, the others
      // become unverified (their owners can verify another number).
      const verified = await db.selectFrom('users').select(['id', 'mobile', 'mobile_verified_at']).where('mobile_verified_at', 'is not', null).where('mobile', 'is not', null).orderBy('mobile_verified_at').orderBy('id').execute();
      const holder = new Set<string>();
      for (const row of verified as Array<{ id: string; mobile: string }>) {
        if (!holder.has(row.mobile)) holder.add(row.mobile);
        else await db.updateTable('users').set({ mobile_verified_at: null }).where('id', '=', row.id).execute();
      }
      await db.schema.createIndex('users_verified_mobile').on('users').column('mobile').unique().where(sql.ref('mobile_verified_at'), 'is not', null).execute();
    },
  },
  {
    name: '0250_accounts_verified_nationality',
    async up(db) {
      // Nationality and residence proven by the identity module (certificate or federation) rather than declared.
      await db.schema.alterTable('users').addColumn(...timestampColumn('nationality_verified_at')).execute();
      await db.schema.alterTable('users').addColumn('residence', 'text').execute();
    },
  },
  {
    name: '0260_accounts_api_token_level',
    async up(db) {
      // The assurance level an API token acts at, recorded when it is made; tokens from before count as level 1.
      await db.schema.alterTable('api_tokens').addColumn('acr_level', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    },
  },
  {
    name: '0270_accounts_session_asserted_acr',
    async up(db) {
      // The level an outside authority vouched for (a federated sign-in: the external provider's acr
      // as the platform counts it); null when the level follows from the methods alone.
      await db.schema.alterTable('sessions').addColumn('asserted_acr', 'text').execute();
    },
  },
  {
    // Consent to the privacy notice at sign-up: when, and to which version. Earlier accounts stay null.
    name: '0280_accounts_privacy_consent',
    async up(db) {
      await db.schema.alterTable('users').addColumn(...timestampColumn('privacy_consent_at')).execute();
      await db.schema.alterTable('users').addColumn('privacy_notice_version', 'text').execute();
    },
  },
];
