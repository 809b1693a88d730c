import { Type, type Static } from '@sinclair/typebox';

export const AgencyCode = Type.String({ minLength: 2, maxLength: 40, pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$' });

export const Agency = Type.Object({
  id: Type.String(),
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  kind: Type.Union([Type.Literal('central'), Type.Literal('local')]),
  level: Type.Integer(),
  website: Type.Union([Type.String(), Type.Null()]),
}, { $id: 'Agency', title: 'Agency' });
export type Agency = Static<typeof Agency>;

export const AgencyInput = Type.Object(
  {
    code: AgencyCode,
    nameZh: Type.String({ minLength: 1, maxLength: 200 }),
    nameEn: Type.String({ minLength: 1, maxLength: 200 }),
    parentCode: Type.Optional(Type.String({ maxLength: 40 })),
    kind: Type.Union([Type.Literal('central'), Type.Literal('local')]),
    website: Type.Optional(Type.Union([Type.String({ format: 'uri', maxLength: 500 }), Type.Literal('')])),
  },
  { additionalProperties: false },
);
export type AgencyInput = Static<typeof AgencyInput>;
