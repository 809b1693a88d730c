// Registers every account page: sign-up/in/out, e-mail verification, password reset, the account
// section (profile, mobile, sessions, tokens, deletion).
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../../manifest.js';
import { deletePages } from './delete.js';
import { passwordPages } from './password.js';
import { profilePages } from './profile.js';
import { securityPages } from './security.js';
import { signInPages } from './signin.js';
import { stepUpPages } from './step-up.js';
import { verifyEmailPages } from './verify-email.js';

export async function accountPages(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await signInPages(app, deps);
  await stepUpPages(app, deps);
  await verifyEmailPages(app, deps);
  await passwordPages(app, deps);
  await profilePages(app, deps);
  await securityPages(app, deps);
  await deletePages(app, deps);
}
