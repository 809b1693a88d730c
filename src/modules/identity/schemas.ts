import { Type, type Static } from '@sinclair/typebox';
import { acrValues, type Acr } from '../../core/assurance.js';

export { acrValues, type Acr };

/** Scopes a relying party may be allowed, and the claims each gives. */
export const scopeClaims = {
  openid: ['sub'],
  profile: ['name'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  // From the person's binding (a certificate or the external provider), never self-declared.
  nationality: ['nationality_verified', 'residence_verified'],
  national_id: ['national_id'],
  offline_access: [],
} as const satisfies Record<string, readonly string[]>;
export type Scope = keyof typeof scopeClaims;
export const scopes = Object.keys(scopeClaims) as Scope[];
export const releasableClaims = ['name', 'email', 'email_verified', 'phone_number', 'phone_number_verified', 'nationality_verified', 'residence_verified', 'national_id'] as const;
export type ReleasableClaim = (typeof releasableClaims)[number];

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const ClientAuthMethod = literals(['client_secret_basic', 'private_key_jwt'] as const);
export const IdTokenAlg = literals(['ES256', 'RS256'] as const);
const AbsoluteUrl = Type.String({ minLength: 8, maxLength: 500, format: 'uri' });

export const OidcClient = Type.Object(
  {
    clientId: Type.String(),
    name: Type.String(),
    agencyId: Type.Union([Type.String(), Type.Null()]),
    redirectUris: Type.Array(Type.String()),
    postLogoutRedirectUris: Type.Array(Type.String()),
    scopes: Type.Array(literals(scopes)),
    claims: Type.Array(literals(releasableClaims)),
    sector: Type.String(),
    publicSubject: Type.Boolean({ description: 'Operator-marked government system of its sector: receives the public subject instead of a pairwise one' }),
    minAcr: literals(acrValues),
    authMethod: ClientAuthMethod,
    jwks: Type.Union([Type.Object({ keys: Type.Array(Type.Object({}, { additionalProperties: true })) }), Type.Null()], { description: 'private_key_jwt: the public keys the RP signs its client assertions with' }),
    idTokenAlg: IdTokenAlg,
    secretRotatedAt: Type.Union([Type.String(), Type.Null()]),
    disabledAt: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'OidcClient', title: 'OidcClient' },
);
export type OidcClient = Static<typeof OidcClient>;

/** What an admin sets about a relying party (create and update alike). */
export const OidcClientFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  agencyId: Type.Optional(Type.String({ maxLength: 100, description: 'The agency whose system this is; agency admins may register only for their own agency' })),
  redirectUris: Type.Array(AbsoluteUrl, { minItems: 1, maxItems: 10 }),
  postLogoutRedirectUris: Type.Optional(Type.Array(AbsoluteUrl, { maxItems: 10 })),
  scopes: Type.Array(literals(scopes), { minItems: 1, maxItems: scopes.length, uniqueItems: true }),
  claims: Type.Array(literals(releasableClaims), { maxItems: releasableClaims.length, uniqueItems: true }),
  sector: Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9._-]*$', description: 'Sector identifier: RPs of one sector see the same pairwise subject' }),
  publicSubject: Type.Optional(Type.Boolean()),
  minAcr: Type.Optional(literals(acrValues)),
  authMethod: ClientAuthMethod,
  jwks: Type.Optional(Type.Object({ keys: Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1, maxItems: 10 }) })),
  idTokenAlg: Type.Optional(IdTokenAlg),
};
export const OidcClientInput = Type.Object(OidcClientFields, { additionalProperties: false });
export type OidcClientInput = Static<typeof OidcClientInput>;

export const OidcConsent = Type.Object(
  {
    clientId: Type.String(),
    clientName: Type.String(),
    scopes: Type.Array(Type.String()),
    grantedAt: Type.String(),
  },
  { $id: 'OidcConsent', title: 'OidcConsent' },
);
export type OidcConsent = Static<typeof OidcConsent>;
