// Writes dist/source-hash.txt: a fingerprint of the frontend sources that the
// committed dist/ was built from. embed_test.go recomputes the same value in
// Go and fails when dist/ is stale.
//
// Algorithm (keep in sync with embed_test.go):
//   inputs  = every regular file under src/ (recursively), plus index.html,
//             package.json, package-lock.json, vite.config.ts and every
//             tsconfig*.json in the frontend folder
//   paths   = relative to the frontend folder, "/"-separated
//   order   = paths sorted by their UTF-8 bytes
//   digest  = sha256 over, for each file in order, path + "\0" + raw content
//   output  = lowercase hex digest + "\n"
//
// Usage: node scripts/source-hash.mjs          (write dist/source-hash.txt)
//        node scripts/source-hash.mjs --print  (print the hash only)
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

const TOP_LEVEL = ['index.html', 'package.json', 'package-lock.json', 'vite.config.ts']

function walk(relDir, out) {
  for (const entry of readdirSync(join(root, relDir), { withFileTypes: true })) {
    const rel = `${relDir}/${entry.name}`
    if (entry.isDirectory()) walk(rel, out)
    else if (entry.isFile()) out.push(rel)
  }
}

export function sourceFiles() {
  const files = []
  walk('src', files)
  for (const name of TOP_LEVEL) {
    if (existsSync(join(root, name))) files.push(name)
  }
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isFile() && /^tsconfig.*\.json$/.test(entry.name)) files.push(entry.name)
  }
  return files.sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')))
}

export function sourceHash() {
  const h = createHash('sha256')
  for (const rel of sourceFiles()) {
    h.update(Buffer.from(rel, 'utf8'))
    h.update(Buffer.from([0]))
    h.update(readFileSync(join(root, rel)))
  }
  return h.digest('hex')
}

const hash = sourceHash()
if (process.argv.includes('--print')) {
  console.log(hash)
} else {
  const dist = join(root, 'dist')
  if (!existsSync(dist)) mkdirSync(dist)
  writeFileSync(join(dist, 'source-hash.txt'), `${hash}\n`)
  console.log(`dist/source-hash.txt ${hash}`)
}
