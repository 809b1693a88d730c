// Use statistics: views and downloads per dataset and resource per day. Counting never blocks a
// request: hits are buffered for a few seconds and written in one transaction; bots (by user agent)
// are not counted. A crash loses at most the last few seconds of counts, which statistics can bear.
import type { Services } from '../../../core/action.js';
import { nextChangeSeq } from '../queries.js';
import { isBot } from '../model.js';
import { opendataDb } from '../tables.js';

type Kind = 'view' | 'download';

class UsageBuffer {
  private counts = new Map<string, { day: string; datasetId: string; resourceId: string; views: number; downloads: number }>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly services: Services) {}

  record(kind: Kind, datasetId: string, resourceId: string | null, userAgent: string | null | undefined): boolean {
    if (isBot(userAgent)) return false;
    const day = this.services.clock.now().toISOString().slice(0, 10);
    const key = `${day}|${datasetId}|${resourceId ?? ''}`;
    const entry = this.counts.get(key) ?? { day, datasetId, resourceId: resourceId ?? '', views: 0, downloads: 0 };
    if (kind === 'view') entry.views++;
    else entry.downloads++;
    this.counts.set(key, entry);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), 5000);
      this.timer.unref();
    }
    return true;
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.counts.values()];
    this.counts = new Map();
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.write(batch)).catch((error: unknown) => this.services.logger.error({ err: error }, 'usage statistics flush failed'));
    return this.flushing;
  }

  private async write(batch: Array<{ day: string; datasetId: string; resourceId: string; views: number; downloads: number }>): Promise<void> {
    await opendataDb(this.services.db).transaction().execute(async (trx) => {
      const known = new Set((await trx.selectFrom('od_datasets').select('id').where('id', 'in', [...new Set(batch.map((b) => b.datasetId))]).execute()).map((r) => r.id));
      const rows = batch.filter((b) => known.has(b.datasetId));
      if (rows.length === 0) return;
      for (const row of rows) {
        await trx
          .insertInto('od_usage_daily')
          .values({ day: row.day, dataset_id: row.datasetId, resource_id: row.resourceId, views: row.views, downloads: row.downloads })
          .onConflict((oc) =>
            oc.columns(['day', 'dataset_id', 'resource_id']).doUpdateSet((eb) => ({
              views: eb('od_usage_daily.views', '+', row.views),
              downloads: eb('od_usage_daily.downloads', '+', row.downloads),
            })),
          )
          .execute();
      }
      const seq = await nextChangeSeq(trx);
      const perDataset = new Map<string, { views: number; downloads: number }>();
      for (const row of rows) {
        const total = perDataset.get(row.datasetId) ?? { views: 0, downloads: 0 };
        total.views += row.views;
        total.downloads += row.downloads;
        perDataset.set(row.datasetId, total);
      }
      for (const [id, total] of perDataset) {
        await trx
          .updateTable('od_datasets')
          .set((eb) => ({ views: eb('views', '+', total.views), downloads: eb('downloads', '+', total.downloads), change_seq: seq }))
          .where('id', '=', id)
          .execute();
      }
    });
  }
}

const buffers = new WeakMap<Services, UsageBuffer>();

export function usage(services: Services): UsageBuffer {
  let buffer = buffers.get(services);
  if (!buffer) buffers.set(services, (buffer = new UsageBuffer(services)));
  return buffer;
}

/** Writes buffered counts now (tests, shutdown). */
export function flushUsage(services: Services): Promise<void> {
  return usage(services).flush();
}
