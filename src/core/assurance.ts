// Assurance levels (trust.md, section 1): how sure the platform is of who is acting. A session's
// level follows from the sign-in methods it recorded (RFC 8176 `amr` values) and the account's
// verified contacts; an action that needs more answers STEP_UP_REQUIRED, which pages turn into the
// step-up sign-in and the JSON API into a 403 naming the level. Every module reads levels from here,
// so the identity provider's `acr` and the platform's own checks can never disagree.
import { Type } from '@sinclair/typebox';
import type { Actor, AssuranceLevel } from './actor.js';
import { AppError } from './errors.js';

export const acrValues = ['urn:opengov:loa:1', 'urn:opengov:loa:2', 'urn:opengov:loa:3'] as const;
export type Acr = (typeof acrValues)[number];
export type { AssuranceLevel };

export const acrOfLevel = (level: AssuranceLevel): Acr => acrValues[level - 1]!;

/** The level an `acr` value names, or undefined for a value the platform does not know. */
export function levelOfAcr(acr: string): AssuranceLevel | undefined {
  const index = acrValues.indexOf(acr as Acr);
  return index < 0 ? undefined : ((index + 1) as AssuranceLevel);
}

export interface SignInFacts {
  /** RFC 8176 amr values the session recorded. */
  methods: readonly string[];
  emailVerified: boolean;
  mobileVerified: boolean;
  /** The level an outside authority vouched for (a federated sign-in), if any. */
  assertedAcr?: string | null;
}

/** amr of a sign-in through an external provider: it is worth the level that provider vouched for. */
export const FEDERATED_AMR = 'fed';

/**
 * Each amr value's kind of proof: two methods of different kinds are two factors. A one-time code
 * by SMS and a generic OTP are both "a phone you hold", so together they are one factor.
 */
const factorOf: Record<string, 'knowledge' | 'phone' | 'key'> = { pwd: 'knowledge', sms: 'phone', otp: 'phone', hwk: 'key', swk: 'key' };

/**
 * amr values that reach level 3 by themselves (the citizen digital certificate and the mobile
 * citizen certificate): `sc`, the citizen digital certificate. Other certificate sign-ins add theirs here.
 */
export const highAssuranceMethods: ReadonlySet<string> = new Set<string>(['sc']);

/**
 * The level a sign-in reaches: a level-3 method; else two different factors, or a user-verified
 * passkey on an account with verified e-mail and mobile, give level 2; anything else is level 1.
 */
export function levelFor(signIn: SignInFacts): AssuranceLevel {
  const asserted = signIn.assertedAcr ? levelOfAcr(signIn.assertedAcr) : undefined;
  // The provider's amr values describe its sign-in, not factors shown here.
  if (signIn.methods.includes(FEDERATED_AMR)) return asserted ?? 1;
  const fromMethods = levelOfMethods(signIn);
  return asserted && asserted > fromMethods ? asserted : fromMethods;
}

function levelOfMethods(signIn: SignInFacts): AssuranceLevel {
  const methods = new Set(signIn.methods);
  if ([...methods].some((m) => highAssuranceMethods.has(m))) return 3;
  const factors = new Set([...methods].map((m) => factorOf[m]).filter(Boolean));
  if (factors.size >= 2) return 2;
  if (methods.has('hwk') && methods.has('user') && signIn.emailVerified && signIn.mobileVerified) return 2;
  return 1;
}

export const acrFor = (signIn: SignInFacts): Acr => acrOfLevel(levelFor(signIn));

/**
 * An operator setting for the level an action needs, with its default (a module puts it in its own
 * settings schema and declares it in its manifest's `assurance` list).
 */
export const levelSetting = (defaultLevel: AssuranceLevel, description: string) =>
  Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)], { default: defaultLevel, description });

/** What a module declares about a level setting: the actions it guards, its key and default. */
export interface AssuranceSetting {
  /** The key in the module's settings. */
  setting: string;
  /** Names of the actions whose policy checks it. */
  actions: string[];
  default: AssuranceLevel;
  /** i18n key of the setting's label on the settings page. */
  label: string;
}

/** Policy step: true when the actor reached `needed`, else STEP_UP_REQUIRED naming the level. */
export function requireLevel(actor: Actor | null, needed: AssuranceLevel): true {
  if (!actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  if (actor.level >= needed) return true;
  throw stepUpRequired(needed);
}

export const stepUpRequired = (needed: AssuranceLevel) =>
  new AppError('STEP_UP_REQUIRED', 'error.step_up_required', [], { level: needed, acr: acrOfLevel(needed) });
