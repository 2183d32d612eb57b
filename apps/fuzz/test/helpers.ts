export { dataTest } from '../../../tooling/test-data/index.js';
