import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_QUERY_TOKENS,
  MAX_TOKEN_LENGTH,
  toFtsMatch,
  toIndexText,
  tokenize,
  tokenizeQuery,
  toTsQuery,
} from './tokenizer.js';

/** What the database does: a document matches when it holds every query token. */
function matches(document: string, query: string): boolean {
  const indexed = new Set(tokenize(document));
  const wanted = tokenizeQuery(query);
  return wanted.length > 0 && wanted.every((token) => indexed.has(token));
}

const HOSTILE_INPUTS = [
  '"',
  '""""',
  "'",
  "'; DROP TABLE proposals; --",
  '"a" OR "b"',
  'a OR b NOT c AND d',
  '(((',
  ')))',
  'NEAR(a b, 2)',
  'title:secret',
  '{title body}: x',
  '-a +b *c ^d',
  'a & b | !c <-> d:*',
  '\\',
  '\\\'"',
  '😀👍🏽👨‍👩‍👧',
  '\uD800',
  '\uDFFF\uD800x',
  '\u0000\u0001\u001f',
  '\u200B\u200D\uFEFF',
  '   ',
  '',
  '。，、！？「」',
  'ｓｅｌｅｃｔ　＊　ｆｒｏｍ',
  '𠀀𪚥', // Han characters outside the BMP
];

describe('Han text', () => {
  test('characters, bigrams and longer segmenter words', () => {
    const tokens = tokenize('空氣品質監測');
    for (const bigram of ['空氣', '氣品', '品質', '質監', '監測']) assert.ok(tokens.includes(bigram), bigram);
    assert.deepEqual(tokenize('臺北市'), ['臺', '北', '市', '臺北', '北市', '臺北市']);
    assert.deepEqual(tokenize('水'), ['水']);
    assert.deepEqual(tokenize('水 與 電'), ['水', '與', '電']);
  });

  test('a 1-character query finds the character anywhere', () => {
    assert.ok(matches('經濟部水利署', '水'));
    assert.ok(matches('民國115年度預算', '115年'));
    assert.ok(matches('臺北市第3號公報', '第3號'));
    assert.ok(!matches('經濟部能源署', '水'));
  });

  test('a query uses bigrams, or the single character', () => {
    assert.deepEqual(tokenizeQuery('空氣品質'), ['空氣', '氣品', '品質']);
    assert.deepEqual(tokenizeQuery('水'), ['水']);
  });

  test('空氣品質 finds 空氣品質監測 but not 空氣 and 品質 apart', () => {
    assert.ok(matches('本市空氣品質監測站即時資料', '空氣品質'));
    assert.ok(matches('本市空氣品質監測站即時資料', '監測'));
    assert.ok(!matches('空氣清淨機的品質', '空氣品質'));
  });

  test('公車動態', () => {
    assert.ok(matches('臺北市公車動態資訊系統', '公車動態'));
    assert.ok(matches('臺北市公車動態資訊系統', '動態資訊'));
    assert.ok(!matches('臺北市公車路線資訊', '公車動態'));
  });

  test('臺北市 and 台北市 find each other', () => {
    assert.ok(matches('臺北市政府資訊局', '台北市'));
    assert.ok(matches('台北市政府資訊局', '臺北市'));
    assert.equal(toIndexText('台灣'), toIndexText('臺灣'));
  });

  test('punctuation and full-width spaces separate runs', () => {
    assert.deepEqual(tokenizeQuery('空氣，品質'), ['空氣', '品質']);
    assert.deepEqual(tokenizeQuery('空氣　品質'), ['空氣', '品質']);
  });
});

describe('Latin words and numbers', () => {
  test('English words are lower-cased whole words', () => {
    assert.deepEqual(tokenize('Open Data Portal'), ['open', 'data', 'portal']);
    assert.ok(matches('The Open Data portal of Taipei', 'open DATA'));
    assert.ok(!matches('The Open Data portal of Taipei', 'open government'));
  });

  test('full-width Latin and digits become ASCII', () => {
    assert.deepEqual(tokenize('ＡＢＣ'), ['abc']);
    assert.deepEqual(tokenize('ＰＭ２．５'), tokenize('pm2.5'));
    assert.ok(matches('ＡＢＣ公司', 'abc'));
  });

  test('pm2.5 and covid-19 stay findable', () => {
    assert.deepEqual(tokenize('PM2.5'), ['pm25', 'pm2', '5']);
    assert.deepEqual(tokenizeQuery('PM2.5'), ['pm25']);
    assert.ok(matches('細懸浮微粒（PM2.5）濃度', 'pm2.5'));
    assert.ok(matches('細懸浮微粒（PM2.5）濃度', 'PM25'));
    assert.deepEqual(tokenize('COVID-19'), ['covid19', 'covid', '19']);
    for (const q of ['COVID-19', 'covid19', 'covid', 'Covid‐19']) assert.ok(matches('COVID-19 疫苗接種', q), q);
  });

  test('mixed PM2.5 空氣品質', () => {
    assert.deepEqual(tokenizeQuery('PM2.5 空氣品質'), ['pm25', '空氣', '氣品', '品質']);
    assert.ok(matches('各測站PM2.5與空氣品質指標', 'PM2.5 空氣品質'));
    assert.ok(!matches('各測站PM10與空氣品質指標', 'PM2.5 空氣品質'));
  });

  test('Latin diacritics are folded', () => {
    assert.ok(matches('Café Taipei', 'cafe'));
    assert.ok(matches('Cafe Taipei', 'CAFÉ'));
  });

  test('other scripts are kept as words', () => {
    assert.deepEqual(tokenize('東京タワー 서울'), ['東', '京', '東京', 'タワー', '서울']);
  });
});

describe('output forms', () => {
  test('tokenize keeps duplicates, tokenizeQuery removes them', () => {
    assert.deepEqual(tokenize('data data'), ['data', 'data']);
    assert.deepEqual(tokenizeQuery('data DATA data'), ['data']);
  });

  test('toIndexText joins tokens with spaces', () => {
    assert.equal(toIndexText('PM2.5 空氣品質'), 'pm25 pm2 5 空 氣 品 質 空氣 氣品 品質');
    assert.equal(toIndexText(''), '');
  });

  test('toFtsMatch quotes and ANDs every token', () => {
    assert.equal(toFtsMatch('PM2.5 空氣品質'), '"pm25" AND "空氣" AND "氣品" AND "品質"');
    assert.equal(toFtsMatch('水'), '"水"');
  });

  test('toTsQuery quotes and &s every token', () => {
    assert.equal(toTsQuery('PM2.5 空氣品質'), "'pm25' & '空氣' & '氣品' & '品質'");
  });

  test('nothing searchable gives null', () => {
    for (const q of ['', '   ', '。，！', '"()"', '😀', '\uD800']) {
      assert.equal(toFtsMatch(q), null, JSON.stringify(q));
      assert.equal(toTsQuery(q), null, JSON.stringify(q));
    }
  });
});

describe('hostile input', () => {
  const FTS_MATCH = /^"[^"]+"(?: AND "[^"]+")*$/u;
  const TS_QUERY = /^'[^'\\]+'(?: & '[^'\\]+')*$/u;

  test('every output is null or a plain list of quoted tokens', () => {
    for (const input of HOSTILE_INPUTS) {
      const label = JSON.stringify(input);
      const fts = toFtsMatch(input);
      const ts = toTsQuery(input);
      assert.ok(fts === null || FTS_MATCH.test(fts), `${label} → ${fts}`);
      assert.ok(ts === null || TS_QUERY.test(ts), `${label} → ${ts}`);
      for (const token of [...tokenize(input), ...tokenizeQuery(input)]) {
        assert.match(token, /^[\p{L}\p{N}\p{Mn}\p{Mc}]+$/u, label);
        assert.doesNotMatch(token, /[\uD800-\uDFFF]/u, label); // no lone surrogate
      }
    }
  });

  test('operators become plain words', () => {
    assert.equal(toFtsMatch('a OR b NOT c'), '"a" AND "or" AND "b" AND "not" AND "c"');
    assert.equal(toTsQuery('a & !b'), "'a' & 'b'");
  });

  test('non-string input is treated as empty', () => {
    assert.deepEqual(tokenize(undefined as unknown as string), []);
    assert.equal(toFtsMatch(null as unknown as string), null);
  });

  test('10,000-character inputs stay bounded', () => {
    const long = [
      'a'.repeat(10_000),
      '空'.repeat(10_000),
      '空氣品質監測'.repeat(1_700),
      'x"('.repeat(3_400),
      Array.from({ length: 10_000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join(''),
      '\uD800'.repeat(10_000),
    ];
    for (const input of long) {
      const started = performance.now();
      const tokens = tokenize(input);
      const query = tokenizeQuery(input);
      assert.ok(performance.now() - started < 2_000);
      assert.ok(tokens.every((t) => Array.from(t).length <= MAX_TOKEN_LENGTH));
      assert.ok(query.length <= MAX_QUERY_TOKENS);
    }
    assert.deepEqual(tokenize('a'.repeat(10_000)), ['a'.repeat(MAX_TOKEN_LENGTH)]);
    assert.deepEqual(tokenizeQuery('空'.repeat(10_000)), ['空空']);
  });
});

// The real engine, when better-sqlite3 is built: indexing and querying through FTS5 agree with
// matches() above, and no input makes MATCH fail.
const Database = await import('better-sqlite3').then((m) => m.default).catch(() => null);

describe('SQLite FTS5 round trip', { skip: Database ? false : 'better-sqlite3 is not available' }, () => {
  const documents = [
    '本市空氣品質監測站即時資料',
    '臺北市公車動態資訊系統',
    '台北市政府資訊局',
    '細懸浮微粒（PM2.5）濃度',
    'COVID-19 疫苗接種統計',
    'Open Data Portal',
    'ＡＢＣ公司',
  ];

  function search(query: string): number[] {
    const db = new Database!(':memory:');
    try {
      db.exec('create virtual table docs using fts5(body)');
      const insert = db.prepare('insert into docs(rowid, body) values (?, ?)');
      documents.forEach((text, i) => insert.run(i, toIndexText(text)));
      const expression = toFtsMatch(query);
      if (expression === null) return [];
      const rows = db.prepare('select rowid from docs where docs match ? order by rowid').all(expression) as { rowid: number }[];
      return rows.map((row) => row.rowid);
    } finally {
      db.close();
    }
  }

  test('finds what the tokenizer promises', () => {
    assert.deepEqual(search('空氣品質'), [0]);
    assert.deepEqual(search('台北市'), [1, 2]);
    assert.deepEqual(search('臺北市 資訊局'), [2]);
    assert.deepEqual(search('pm2.5'), [3]);
    assert.deepEqual(search('covid'), [4]);
    assert.deepEqual(search('DATA portal'), [5]);
    assert.deepEqual(search('abc'), [6]);
    assert.deepEqual(search('局'), [2]);
  });

  test('hostile queries never make MATCH fail', () => {
    for (const input of [...HOSTILE_INPUTS, 'a'.repeat(10_000), '空氣'.repeat(5_000)]) {
      assert.doesNotThrow(() => search(input), JSON.stringify(input.slice(0, 40)));
    }
  });
});
