// The example for client developers: typed operations generated from the committed client schema.
// `npm run codegen -w web` (the build runs it too) writes src/gql/ from every gql`` document in src/.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../schema/api.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // scalars as they travel in JSON
        scalars: { DateTime: 'string', Date: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
      },
    },
  },
};

export default config;
