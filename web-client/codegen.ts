import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed GraphQL documents from the server's schema (docs/schema.graphql, never edited here).
 *
 * Operations are written in source files as `/* GraphQL *\/` template strings and imported
 * as `XxxDocument` from `src/gql/graphql`. documentMode 'string' makes each document a plain
 * string (no `graphql` runtime in the browser), and importing the constants directly keeps
 * each role's operations in that role's chunk.
 */
/** Where to write; scripts/codegen-check.mjs points it at a temporary folder. */
const out = process.env.TANFANG_CODEGEN_OUT ?? 'src/gql/';

const config: CodegenConfig = {
  schema: '../docs/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    [out]: {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
      },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        scalars: {
          DateTime: 'string',
          LocalDate: 'string',
        },
      },
    },
  },
};

export default config;
