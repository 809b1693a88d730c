// `opengov identity keys rotate`: declarations only, so `opengov --help` stays fast.
import type { ModuleCli } from '../../manifest.js';

export const cli: ModuleCli = (program, withDeps) => {
  const identity = program.command('identity').description('Identity: the OpenID Connect provider');
  const keys = identity.command('keys').description('The provider’s signing keys');
  keys
    .command('rotate')
    .description('Sign with new keys (ES256 and RS256) from now on; the old keys keep verifying until their tokens expire')
    .action(() =>
      withDeps(async (deps) => {
        const { identityKeysRotate } = await import('./actions/keys.js');
        const { systemActor } = await import('../../core/actor.js');
        const result = await deps.registry.call(identityKeysRotate, {}, { actor: systemActor('cli') });
        console.log(`signing keys: ${result.created.join(' ')} (retired: ${result.retired.join(' ') || 'none'})`);
      }),
    );
};
