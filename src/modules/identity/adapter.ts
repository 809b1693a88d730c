// The provider's storage on the platform database (oidc-provider's adapter interface): sessions,
// grants, codes, tokens and interactions are rows of identity_oidc_records, so every process on one
// PostgreSQL database serves the same provider. Clients come from the relying-party registry.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Clock } from '../../core/clock.js';
import type { AnyDb } from '../../core/db/types.js';
import { clientMetadata } from './model.js';
import { preparedQuery } from './prepared-query.js';
import { toClient } from './queries.js';
import { identityDb, type IdentityClientsTable } from './tables.js';

export interface AdapterDeps {
  db: AnyDb;
  clock: Clock;
  secret: string;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

interface RecordRow {
  payload: string;
  consumed_at: string | null;
}

/** oidc-provider builds one adapter per model name (Session, Grant, AuthorizationCode, ...). */
export function recordsAdapter(deps: AdapterDeps): new (model: string) => Adapter {
  const db = identityDb(deps.db);
  const now = () => deps.clock.now().toISOString();
  const live = (model: string, at: string) =>
    db
      .selectFrom('identity_oidc_records')
      .select(['payload', 'consumed_at'])
      .where('model', '=', model)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]));
  // The queries of every request, compiled once (prepared-query.ts).
  const byId = preparedQuery<[string, string, string], RecordRow>(deps.db, 3, (model, at, id) => live(model, at).where('id', '=', id));
  const byUid = preparedQuery<[string, string, string], RecordRow>(deps.db, 3, (model, at, uid) => live(model, at).where('uid', '=', uid));
  const upsert = preparedQuery<[string, string, string, string | null, string | null, string | null, string | null], never>(deps.db, 7, (model, id, payload, grantId, uid, userCode, expiresAt) => {
    const row = { payload, grant_id: grantId, uid, user_code: userCode, expires_at: expiresAt };
    return db
      .insertInto('identity_oidc_records')
      .values({ model, id, consumed_at: null, ...row })
      .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row));
  });
  const consume = preparedQuery<[string, string, string], never>(deps.db, 3, (at, model, id) =>
    db.updateTable('identity_oidc_records').set({ consumed_at: at }).where('model', '=', model).where('id', '=', id),
  );
  const destroy = preparedQuery<[string, string], never>(deps.db, 2, (model, id) => db.deleteFrom('identity_oidc_records').where('model', '=', model).where('id', '=', id));
  const clientById = preparedQuery<[string], IdentityClientsTable>(deps.db, 1, (id) => db.selectFrom('identity_clients').selectAll().where('id', '=', id));
  const toPayload = (row: RecordRow | undefined): AdapterPayload | undefined => {
    if (!row) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    return row.consumed_at ? { ...payload, consumed: seconds(new Date(row.consumed_at)) } : payload;
  };

  return class RecordsAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const grantId = payload.grantId ?? (this.model === 'Grant' ? id : null);
      const expiresAt = expiresIn ? new Date(deps.clock.now().getTime() + expiresIn * 1000).toISOString() : null;
      await upsert(this.model, id, JSON.stringify(payload), grantId, payload.uid ?? null, payload.userCode ?? null, expiresAt);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') {
        const row = (await clientById(id)).rows[0];
        return row && !row.disabled_at ? (clientMetadata(toClient(row), deps.secret, row.secret_salt) as AdapterPayload) : undefined;
      }
      return toPayload((await byId(this.model, now(), id)).rows[0]);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return toPayload((await byUid(this.model, now(), uid)).rows[0]);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return toPayload(await live(this.model, now()).where('user_code', '=', userCode).executeTakeFirst());
    }

    async consume(id: string): Promise<void> {
      await consume(now(), this.model, id);
    }

    async destroy(id: string): Promise<void> {
      await destroy(this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.deleteFrom('identity_oidc_records').where('grant_id', '=', grantId).execute();
    }
  };
}

/** Removes records past their expiry (the provider never reads them again). */
export async function pruneExpiredRecords(db: AnyDb, now: Date): Promise<number> {
  const result = await identityDb(db).deleteFrom('identity_oidc_records').where('expires_at', '<', now.toISOString()).executeTakeFirst();
  const signIns = await identityDb(db).deleteFrom('identity_federation_sign_ins').where('expires_at', '<', now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows) + Number(signIns.numDeletedRows);
}
