import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admin, createTestPlatform } from '../../../../test/helpers.js';
import { agencyCreate, agencyShow, agencyUpdate } from './agencies.js';

test('moving an agency re-levels everything below it; a non-URL website is refused', async () => {
  const t = await createTestPlatform();
  const call = t.deps.registry.call.bind(t.deps.registry);
  try {
    await call(agencyCreate, { code: 'top', nameZh: '上', nameEn: 'Top', kind: 'central' }, { actor: admin });
    await call(agencyCreate, { code: 'mid', nameZh: '中', nameEn: 'Mid', kind: 'central' }, { actor: admin });
    await call(agencyCreate, { code: 'low', nameZh: '下', nameEn: 'Low', kind: 'central', parentCode: 'mid' }, { actor: admin });
    await call(agencyUpdate, { currentCode: 'mid', changes: { code: 'mid', nameZh: '中', nameEn: 'Mid', kind: 'central', parentCode: 'top' } }, { actor: admin });
    const low = await call(agencyShow, { code: 'low' }, { actor: null });
    assert.equal(low.agency.level, 3);
    assert.deepEqual(low.ancestors.map((a) => a.code), ['top', 'mid']);
    await assert.rejects(
      call(agencyCreate, { code: 'bad', nameZh: '壞', nameEn: 'Bad', kind: 'local', website: 'javascript:alert(1)' }, { actor: admin }),
      (e: { fields: Array<{ field: string }> }) => e.fields[0]!.field === 'website',
    );
  } finally {
    await t.close();
  }
});
