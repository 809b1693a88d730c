// What other modules' tests may use to set a scene with accounts.
export { demoUsers, seedDemoUsers } from './seed.js';
export { SESSION_COOKIE } from './http/auth-plugin.js';
export { hashPassword } from './passwords.js';
