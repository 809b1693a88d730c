// What other modules' tests may use to set a scene with agencies.
export { seedAgencies } from './seed.js';
