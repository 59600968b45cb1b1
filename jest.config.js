// One jest run for the whole monorepo: unit tests beside the code, platform tests in test/.
// @swc/jest emits decorator metadata (type-graphql and MikroORM need it); tsc -b type-checks first.
const fs = require('node:fs');
const path = require('node:path');
const swc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swc.$schema;

const workspaces = {
  kit: 'subgraphs/kit', tunduk: 'integrations/tunduk', edms: 'integrations/edms', standins: 'standins', identity: 'subgraphs/identity', catalog: 'subgraphs/catalog',
  applications: 'subgraphs/applications', payments: 'subgraphs/payments',
  notifications: 'subgraphs/notifications', gateway: 'gateway', schema: 'schema', platform: 'platform',
};
const moduleNameMapper = {};
for (const [name, dir] of Object.entries(workspaces)) {
  moduleNameMapper[`^@portal/${name}$`] = `<rootDir>/${dir}/src/index.ts`;
}

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/subgraphs', '<rootDir>/integrations', '<rootDir>/standins', '<rootDir>/gateway', '<rootDir>/schema', '<rootDir>/platform', '<rootDir>/test', '<rootDir>/web'],
  testMatch: ['**/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // jose 6 is ESM-only (Node 20.19+ require()s it natively; jest's module system does not)
  transform: { '^.+\\.(ts|js)$': ['@swc/jest', { ...swc, swcrc: false }] },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
