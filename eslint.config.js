import fs from 'node:fs'
import path from 'node:path'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import { importX, createNodeResolver } from 'eslint-plugin-import-x'
import globals from 'globals'

const root = import.meta.dirname

/** The modules of one side: every folder of `dir` (none yet is fine: the rule then matches nothing). */
const modulesOf = (dir) => {
  const abs = path.join(root, dir)
  return fs.existsSync(abs) ? fs.readdirSync(abs, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : []
}

/**
 * A module reaches another only through its public face, `<module>/index.ts`: one zone per module
 * forbids its files every other module's files but their index.ts.
 */
const publicFacesOnly = (dir) => modulesOf(dir).map((name) => ({
  target: `${dir}/${name}/**`,
  from: `${dir}/!(${name})/**`,
  except: [`**/${dir}/*/index.ts`],
  message: `A module imports another module only through its index.ts (its public face); ${dir}/${name} may not reach into another module's files.`,
}))

/** Imports by specifier, so that even one a resolver cannot follow (`../x.csv?raw`) is caught. */
const noImportsFrom = (...sides) => ['error', {
  patterns: sides.map((side) => ({
    regex: `(^|/)${side}/|^@pid/${side}$`,
    message: `Nothing here may import from ${side}/: shared code belongs in @pid/shared.`,
  })),
}]

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'server/data/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    // Migrations are typed against Kysely<any> on purpose: they must not depend on today's schema.
    files: ['migrations/**/*.ts', 'server/src/db/migrate.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // The house's boundaries (README, "Layout"): modules meet only at their public faces, the client
  // and shared never import the server, shared imports neither side, and no import goes round in a circle.
  {
    files: ['server/src/**/*.ts', 'shared/src/**/*.ts', 'client/src/**/*.{ts,vue}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.vue', '.js', '.json'] })],
      // Follow our own files only: parsing packages' bundles would cost seconds and find nothing of ours.
      'import-x/ignore': ['node_modules'],
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', {
        basePath: root,
        zones: [...publicFacesOnly('server/src/modules'), ...publicFacesOnly('client/src/modules')],
      }],
    },
  },
  {
    files: ['server/src/**/*.ts', 'shared/src/**/*.ts'],
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  { files: ['client/**/*.{ts,vue}'], rules: { 'no-restricted-imports': noImportsFrom('server') } },
  { files: ['shared/**/*.ts'], rules: { 'no-restricted-imports': noImportsFrom('server', 'client') } },
)
