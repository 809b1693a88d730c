// The provider's interaction policy with one more login check: the provider session must reach the
// level the request needs (the RP's minimum, raised by acr_values or an essential acr claim). When it
// does not, the provider asks for a login, and the interaction page sends the person through the
// platform's step-up sign-in before stating the new acr and amr. An acr value the platform does not
// know is refused at the authorization endpoint (invalid_request, back to the RP).
import { errors, interactionPolicy } from 'oidc-provider';
import { meetsAcr, requestedAcr } from './model.js';

export function acrInteractionPolicy() {
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(
    new interactionPolicy.Check('opengov_acr', 'the session does not reach the assurance level the request needs', (ctx) => {
      const { oidc } = ctx;
      const wanted = requestedAcr(oidc.params as { acr_values?: unknown; claims?: unknown }, String(oidc.client?.['opengov_min_acr'] ?? ''));
      if (!wanted.ok) throw new errors.InvalidRequest(`acr value not supported: ${wanted.unknown}`);
      if (!oidc.session?.accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      return meetsAcr(oidc.acr ?? '', wanted.minimum) ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT;
    }),
  );
  return policy;
}
