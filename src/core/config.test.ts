import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.js';

test('defaults give embedded SQLite on port 3000', () => {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/og-config-test' });
  assert.equal(config.port, 3000);
  assert.equal(config.databaseUrl, null);
  assert.equal(config.sqlitePath, '/tmp/og-config-test/opengov.db');
  assert.equal(config.baseUrl, 'http://localhost:3000');
});

test('every bad value is reported at once, naming the variable', () => {
  try {
    loadConfig({ NODE_ENV: 'production', PORT: 'eighty', DATABASE_URL: 'mysql://x', BASE_URL: 'not a url', SMTP_URL: 'http://mail', SMS_PROVIDER: 'pigeon', SECRET: '' });
    assert.fail('expected a ConfigError');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    const text = error.message;
    for (const name of ['PORT', 'DATABASE_URL', 'BASE_URL', 'SMTP_URL', 'SMS_PROVIDER', 'SECRET']) assert.match(text, new RegExp(name));
  }
});

test('a short SECRET is refused; webhook SMS needs its URL', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'test', SECRET: 'short' }), /SECRET must be at least 32/);
  assert.throws(() => loadConfig({ NODE_ENV: 'test', SMS_PROVIDER: 'webhook' }), /SMS_WEBHOOK_URL is required/);
});

test('postgres URLs are accepted and sqlite: URLs pick a file', () => {
  assert.equal(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://u:p@localhost/db' }).databaseUrl, 'postgres://u:p@localhost/db');
  const sqlite = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'sqlite:/tmp/x.db' });
  assert.equal(sqlite.databaseUrl, null);
  assert.equal(sqlite.sqlitePath, '/tmp/x.db');
});
