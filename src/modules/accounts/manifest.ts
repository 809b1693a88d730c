import type { ModuleManifest } from '../../manifest.js';
export * from './published.js';
import { accountRegister, accountResendVerification, accountVerifyEmail } from './actions/register.js';
import { accountSignIn, accountSignOut, sessionList, sessionRevoke } from './actions/sign-in.js';
import { passwordReset, passwordResetRequest } from './actions/password.js';
import { accountDelete, meShow, meUpdate, mobileCodeSend, mobileCodeVerify } from './actions/profile.js';
import { passkeyActions } from './actions/passkeys.js';
import { stepUpActions } from './actions/step-up.js';
import { apiTokenCreate, apiTokenList, apiTokenRevoke } from './actions/tokens.js';
import { userCreate, userList, userSetRole } from './actions/users.js';
import { accountMessages } from './messages.js';
import { accountMigrations } from './migrations.js';
import { accountPlugins, accountRoutes } from './http/routes.js';
import { seedDemoUsers } from './seed.js';

export const accountsModule: ModuleManifest = {
  name: 'accounts',
  actions: [
    accountRegister,
    accountVerifyEmail,
    accountResendVerification,
    accountSignIn,
    accountSignOut,
    sessionList,
    sessionRevoke,
    passwordResetRequest,
    passwordReset,
    meShow,
    meUpdate,
    mobileCodeSend,
    mobileCodeVerify,
    accountDelete,
    apiTokenCreate,
    apiTokenList,
    apiTokenRevoke,
    userList,
    userSetRole,
    userCreate,
    ...passkeyActions,
    ...stepUpActions,
  ],
  migrations: accountMigrations,
  messages: accountMessages,
  nav: [{ href: '/admin/users', label: 'admin.users', area: 'admin', roles: ['platform_admin', 'agency_admin'] }],
  plugins: accountPlugins,
  routes: accountRoutes,
  seedDemo: seedDemoUsers,
};

// The account actions other modules call (the admin pages, CLI-like seeds and test scenes).
export { accountRegister } from './actions/register.js';
export { accountSignIn, accountSignOut, createSession } from './actions/sign-in.js';
// For another module's sign-in (the citizen certificate): the same cookie and landing as a password sign-in.
export { safeNext, startSession } from './http/pages/shared.js';
export { apiTokenCreate } from './actions/tokens.js';
export { userCreate, userList, userSetRole } from './actions/users.js';
export { DEFAULT_LANDING } from './http/pages/shared.js';
