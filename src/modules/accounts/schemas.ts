import { Type, type Static } from '@sinclair/typebox';
import { roles } from '../../core/actor.js';

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
export const Password = Type.String({ minLength: 10, maxLength: 200 });
export const RoleSchema = Type.Union(roles.map((r) => Type.Literal(r)));
export const NationalitySchema = Type.Union([Type.Literal('roc'), Type.Literal('residence_permit'), Type.Literal('other')]);
/** Taiwan mobile numbers: 09xxxxxxxx, or +8869xxxxxxxx. */
export const Mobile = Type.String({ pattern: '^(09\\d{8}|\\+8869\\d{8})$', maxLength: 20 });

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ProfileChanges = Type.Object(
  {
    name: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    nickname: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 30, pattern: '^[0-9+()#\\- ]*$' }))),
    mobile: Type.Optional(Type.Union([Mobile, Type.Null()])),
    address: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    nationality: Type.Optional(Type.Union([NationalitySchema, Type.Null()])),
    birthYear: Type.Optional(Type.Union([Type.Integer({ minimum: 1900, maximum: 2100 }), Type.Null()])),
    preferredLocale: Type.Optional(Type.Union([Type.Literal('zh-TW'), Type.Literal('en'), Type.Null()])),
  },
  { additionalProperties: false },
);
export type ProfileChanges = Static<typeof ProfileChanges>;

/** What the API and pages may show about the signed-in user. */
export const Me = Type.Object({
  id: Type.String(),
  email: Type.String(),
  emailVerified: Type.Boolean(),
  role: RoleSchema,
  agencyId: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  nickname: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  mobile: Type.Union([Type.String(), Type.Null()]),
  mobileVerified: Type.Boolean(),
  address: Type.Union([Type.String(), Type.Null()]),
  nationality: Type.Union([NationalitySchema, Type.Null()]),
  /** Proven by a citizen certificate or the federated provider; then not editable. */
  nationalityVerified: Type.Boolean(),
  residence: Type.Union([Type.String(), Type.Null()]),
  birthYear: Type.Union([Type.Integer(), Type.Null()]),
  preferredLocale: Type.Union([Type.String(), Type.Null()]),
  hasPassword: Type.Boolean(),
  createdAt: Type.String(),
}, { $id: 'Me', title: 'Me', description: 'The signed-in user (what leaves the server)' });
export type Me = Static<typeof Me>;
