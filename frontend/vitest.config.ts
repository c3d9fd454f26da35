import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config.ts'

// Unit tests of the pure logic (no browser): `npm run test:unit`.
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ['unit/**/*.test.ts'],
      environment: 'node',
      reporters: ['default'],
    },
  }),
)
