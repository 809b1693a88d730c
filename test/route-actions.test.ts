// Every route that takes a body declares the actions it runs (config.runs), so the registry's caller
// requirement is checked before the body is read. A new route without it fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../src/app.js';
import { createTestPlatform } from './helpers.js';

test('every body-taking route declares the actions it runs', async () => {
  const platform = await createTestPlatform();
  try {
    const { app, routesWithoutActions } = await buildApp(platform.deps.services);
    await app.ready();
    assert.deepEqual(routesWithoutActions, [], `routes without config.runs:\n${routesWithoutActions.join('\n')}`);
    await app.close();
  } finally {
    await platform.close();
  }
});
