import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { agencySeeds, type AgencySeed } from './seed-data.js';
import { AgencyCode } from './schemas.js';

const byCode = new Map(agencySeeds.map((seed) => [seed.code, seed]));

function childrenOf(code: string): AgencySeed[] {
  return agencySeeds.filter((seed) => seed.parentCode === code);
}

describe('agency seeds', () => {
  test('codes are unique and valid agency codes', () => {
    assert.equal(byCode.size, agencySeeds.length);
    const pattern = new RegExp(AgencyCode.pattern as string);
    for (const { code } of agencySeeds) {
      assert.match(code, pattern);
      assert.ok(code.length >= (AgencyCode.minLength ?? 0) && code.length <= (AgencyCode.maxLength ?? Infinity), code);
    }
  });

  test('Chinese and English names are present and unique', () => {
    for (const { code, nameZh, nameEn } of agencySeeds) {
      assert.ok(nameZh.trim().length > 0 && nameEn.trim().length > 0, code);
      assert.match(nameZh, /\p{Script=Han}/u, code);
    }
    assert.equal(new Set(agencySeeds.map((s) => s.nameZh)).size, agencySeeds.length);
    assert.equal(new Set(agencySeeds.map((s) => s.nameEn)).size, agencySeeds.length);
  });

  test('every parent exists and comes before its children', () => {
    const seen = new Set<string>();
    for (const seed of agencySeeds) {
      if (seed.parentCode !== null) assert.ok(seen.has(seed.parentCode), `${seed.code} before ${seed.parentCode}`);
      seen.add(seed.code);
    }
  });

  test('levels and kinds follow the tree', () => {
    for (const seed of agencySeeds) {
      const parent = seed.parentCode === null ? null : byCode.get(seed.parentCode)!;
      assert.equal(seed.level, parent ? parent.level + 1 : 1, seed.code);
      if (parent) assert.equal(seed.kind, parent.kind, seed.code);
    }
  });

  test('the top of the central government', () => {
    const top = agencySeeds.filter((s) => s.kind === 'central' && s.parentCode === null).map((s) => s.nameZh);
    assert.deepEqual(top, ['總統府', '行政院', '立法院', '司法院', '考試院', '監察院']);
  });

  test('all ministries and the named councils sit under the Executive Yuan', () => {
    const underEy = new Set(childrenOf('ey').map((s) => s.nameZh));
    const expected = [
      '內政部', '外交部', '國防部', '財政部', '教育部', '法務部', '經濟部', '交通部', '勞動部', '農業部',
      '衛生福利部', '環境部', '文化部', '數位發展部',
      '國家發展委員會', '國家科學及技術委員會', '大陸委員會', '金融監督管理委員會', '海洋委員會', '僑務委員會',
      '國軍退除役官兵輔導委員會', '原住民族委員會', '客家委員會', '行政院公共工程委員會', '行政院主計總處',
      '行政院人事行政總處', '中央銀行', '國立故宮博物院', '中央選舉委員會', '公平交易委員會', '國家通訊傳播委員會',
    ];
    for (const name of expected) assert.ok(underEy.has(name), name);
  });

  test('well-known subordinate agencies sit under their parents', () => {
    const expected: [string, string][] = [
      ['交通部中央氣象署', '交通部'],
      ['內政部警政署', '內政部'],
      ['財政部關務署', '財政部'],
      ['交通部公路局', '交通部'],
      ['衛生福利部疾病管制署', '衛生福利部'],
      ['衛生福利部食品藥物管理署', '衛生福利部'],
      ['經濟部水利署', '經濟部'],
      ['經濟部能源署', '經濟部'],
      ['數位發展部數位產業署', '數位發展部'],
      ['國家發展委員會檔案管理局', '國家發展委員會'],
      ['環境部氣候變遷署', '環境部'],
    ];
    const byName = new Map(agencySeeds.map((s) => [s.nameZh, s]));
    for (const [child, parent] of expected) {
      assert.equal(byName.get(child)?.parentCode, byName.get(parent)?.code, child);
    }
  });

  test('the 22 local governments', () => {
    const local = agencySeeds.filter((s) => s.kind === 'local' && s.parentCode === null);
    assert.equal(local.length, 22);
    const names = local.map((s) => s.nameZh);
    assert.equal(names.filter((n) => /^(臺北|新北|桃園|臺中|臺南|高雄)市政府$/.test(n)).length, 6);
    assert.equal(names.filter((n) => /^(基隆|新竹|嘉義)市政府$/.test(n)).length, 3);
    assert.equal(names.filter((n) => n.endsWith('縣政府')).length, 13);
    assert.ok(local.every((s) => /(City|County) Government$/.test(s.nameEn)));
  });

  test('Taipei City bureaus', () => {
    const bureaus = childrenOf('taipei').map((s) => s.nameZh);
    assert.ok(bureaus.includes('臺北市政府交通局'));
    assert.ok(bureaus.includes('臺北市政府資訊局'));
  });
});
