// The provider's storage on the platform database (oidc-provider's adapter interface): sessions,
// grants, codes, tokens and interactions are rows of identity_oidc_records, so every process on one
// PostgreSQL database serves the same provider. Clients come from the relying-party registry.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Clock } from '../../core/clock.js';
import type { AnyDb } from '../../core/db/types.js';
import { clientMetadata } from './model.js';
import { findClient } from './queries.js';
import { identityDb } from './tables.js';

export interface AdapterDeps {
  db: AnyDb;
  clock: Clock;
  secret: string;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** oidc-provider builds one adapter per model name (Session, Grant, AuthorizationCode, ...). */
export function recordsAdapter(deps: AdapterDeps): new (model: string) => Adapter {
  const db = () => identityDb(deps.db);
  const now = () => deps.clock.now();
  const live = (model: string) =>
    db()
      .selectFrom('identity_oidc_records')
      .select(['payload', 'consumed_at'])
      .where('model', '=', model)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now().toISOString())]));
  const toPayload = (row: { payload: string; consumed_at: string | null } | undefined): AdapterPayload | undefined => {
    if (!row) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    return row.consumed_at ? { ...payload, consumed: seconds(new Date(row.consumed_at)) } : payload;
  };

  return class RecordsAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const row = {
        payload: JSON.stringify(payload),
        grant_id: payload.grantId ?? (this.model === 'Grant' ? id : null),
        uid: payload.uid ?? null,
        user_code: payload.userCode ?? null,
        expires_at: expiresIn ? new Date(now().getTime() + expiresIn * 1000).toISOString() : null,
      };
      await db()
        .insertInto('identity_oidc_records')
        .values({ model: this.model, id, consumed_at: null, ...row })
        .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
        .execute();
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') {
        const client = await findClient(db(), id);
        return client && !client.disabledAt ? (clientMetadata(client, deps.secret, client.secretSalt) as AdapterPayload) : undefined;
      }
      return toPayload(await live(this.model).where('id', '=', id).executeTakeFirst());
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return toPayload(await live(this.model).where('uid', '=', uid).executeTakeFirst());
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return toPayload(await live(this.model).where('user_code', '=', userCode).executeTakeFirst());
    }

    async consume(id: string): Promise<void> {
      await db().updateTable('identity_oidc_records').set({ consumed_at: now().toISOString() }).where('model', '=', this.model).where('id', '=', id).execute();
    }

    async destroy(id: string): Promise<void> {
      await db().deleteFrom('identity_oidc_records').where('model', '=', this.model).where('id', '=', id).execute();
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db().deleteFrom('identity_oidc_records').where('grant_id', '=', grantId).execute();
    }
  };
}

/** Removes records past their expiry (the provider never reads them again). */
export async function pruneExpiredRecords(db: AnyDb, now: Date): Promise<number> {
  const result = await identityDb(db).deleteFrom('identity_oidc_records').where('expires_at', '<', now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
