import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, QuerySyntaxError } from './query-parser.js';

test('parses CKAN/Solr fq forms', () => {
  assert.deepEqual(parseQuery(''), { kind: 'all' });
  assert.deepEqual(parseQuery('*:*'), { kind: 'all' });
  assert.deepEqual(parseQuery('organization:moda'), { kind: 'term', field: 'organization', value: 'moda', prefix: false });
  assert.deepEqual(parseQuery('tags:"空氣 品質"'), { kind: 'term', field: 'tags', value: '空氣 品質', prefix: false });
  assert.deepEqual(parseQuery('res_format:CSV AND -license_id:other'), {
    kind: 'and',
    children: [
      { kind: 'term', field: 'res_format', value: 'CSV', prefix: false },
      { kind: 'not', child: { kind: 'term', field: 'license_id', value: 'other', prefix: false } },
    ],
  });
  assert.deepEqual(parseQuery('organization:(moda OR moenv)'), {
    kind: 'or',
    children: [
      { kind: 'term', field: 'organization', value: 'moda', prefix: false },
      { kind: 'term', field: 'organization', value: 'moenv', prefix: false },
    ],
  });
  assert.deepEqual(parseQuery('metadata_modified:[2024-01-01T00:00:00Z TO *]'), { kind: 'range', field: 'metadata_modified', from: '2024-01-01T00:00:00Z', to: null });
  assert.deepEqual(parseQuery('NOT (groups:safety OR groups:medical) 公車'), {
    kind: 'and',
    children: [
      {
        kind: 'not',
        child: {
          kind: 'or',
          children: [
            { kind: 'term', field: 'groups', value: 'safety', prefix: false },
            { kind: 'term', field: 'groups', value: 'medical', prefix: false },
          ],
        },
      },
      { kind: 'text', text: '公車' },
    ],
  });
  assert.deepEqual(parseQuery('name:air*'), { kind: 'term', field: 'name', value: 'air', prefix: true });
  assert.deepEqual(parseQuery('+dataset_type:dataset'), { kind: 'term', field: 'dataset_type', value: 'dataset', prefix: false });
  assert.deepEqual(parseQuery('pm2.5 covid-19'), { kind: 'and', children: [{ kind: 'text', text: 'pm2.5' }, { kind: 'text', text: 'covid-19' }] });
});

test('malformed queries fail with a position, never anything else', () => {
  for (const bad of ['organization:', '(tags:a', 'tags:a)', 'a AND', 'OR b', 'tags:"open', 'x:[1 TO', 'x:[1 2]', '()', 'NOT', 'a OR OR b', '*:foo', 'fie-ld:x']) {
    assert.throws(() => parseQuery(bad), QuerySyntaxError, bad);
  }
  assert.throws(() => parseQuery('('.repeat(50) + 'a' + ')'.repeat(50)), QuerySyntaxError);
  assert.throws(() => parseQuery('a '.repeat(600)), QuerySyntaxError);
  // Fuzz: random strings from the grammar's characters parse or fail cleanly.
  const alphabet = ['a', 'b', ':', '(', ')', '[', ']', '"', ' ', 'AND', 'OR', 'NOT', '-', '+', '*', 'TO', '{', '}', '\\', '空'];
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 2000; i++) {
    const text = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(rand() < 0.5 ? ' ' : '');
    try {
      parseQuery(text);
    } catch (error) {
      assert.ok(error instanceof QuerySyntaxError, `${JSON.stringify(text)}: ${String(error)}`);
    }
  }
});
