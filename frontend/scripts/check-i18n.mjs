// Checks the translations: every key used in src/ exists in zh-CN, English has
// the same placeholders as Chinese, and no message uses vue-i18n's special
// characters by accident. Exits non-zero on problems. Run by `npm run typecheck`.
import { readdirSync, readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

async function loadMessages(file) {
  const src = readFileSync(join(root, 'src/i18n', file), 'utf8')
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
  const mod = await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)
  return mod.default
}

function flatten(obj, prefix = '', out = new Map()) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (v && typeof v === 'object') flatten(v, key, out)
    else out.set(key, v)
  }
  return out
}

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) walk(p, out)
    else if (/\.(vue|ts)$/.test(e.name) && !p.includes(`${join('src', 'i18n')}`)) out.push(p)
  }
  return out
}

const problems = []
// Each language is its core file plus the parts loaded with their pages:
// the console's and order-based training's.
const zhCore = flatten(await loadMessages('zh-CN.ts'))
const zh = new Map(zhCore)
for (const part of ['console', 'training']) {
  for (const [key, value] of flatten(await loadMessages(`${part}.zh-CN.ts`))) {
    if (zh.has(key)) problems.push(`${part}.zh-CN.ts repeats the key ${key}`)
    zh.set(key, value)
  }
}
const en = flatten(await loadMessages('en.ts'), '', flatten(await loadMessages('console.en.ts'), '', flatten(await loadMessages('training.en.ts'))))
const prefixes = new Set([...zh.keys()].flatMap((k) => k.split('.').slice(0, -1).map((_, i, a) => a.slice(0, i + 1).join('.') + '.')))

const placeholders = (s) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',')
for (const [key, value] of zh) {
  if (!en.has(key)) problems.push(`en.ts lacks ${key}`)
  else if (placeholders(value) !== placeholders(en.get(key))) problems.push(`placeholders differ for ${key}: zh {${placeholders(value)}} en {${placeholders(en.get(key))}}`)
  for (const [name, msgs] of [['zh-CN', zh], ['en', en]]) {
    const v = String(msgs.get(key) ?? '')
    if (/[@|$]/.test(v) || /\{(?!\w+\})/.test(v)) problems.push(`${name} ${key} uses a vue-i18n special character: ${v}`)
  }
}
for (const key of en.keys()) if (!zh.has(key)) problems.push(`en.ts has extra key ${key}`)

const used = new Set()
for (const file of walk(join(root, 'src'))) {
  const text = readFileSync(file, 'utf8')
  const rel = file.slice(root.length + 1)
  for (const m of text.matchAll(/(?<![\w.])\$?t\(\s*'([^']+)'/g)) {
    used.add(m[1])
    if (!zh.has(m[1])) problems.push(`${rel}: unknown message key '${m[1]}'`)
  }
  for (const m of text.matchAll(/(?<![\w.])\$?t\(\s*`([^`$]+)\$\{/g)) {
    used.add(m[1])
    if (!prefixes.has(m[1])) problems.push(`${rel}: unknown message key prefix '${m[1]}'`)
  }
  for (const m of text.matchAll(/title: '(titles\.[^']+)'/g)) {
    used.add(m[1])
    if (!zh.has(m[1])) problems.push(`${rel}: unknown title key '${m[1]}'`)
  }
}
const unused = [...zh.keys()].filter((k) => !used.has(k) && ![...used].some((u) => u.endsWith('.') && k.startsWith(u)))

if (unused.length) console.log(`i18n: ${unused.length} unused key(s): ${unused.join(', ')}`)
if (problems.length) {
  console.error(problems.join('\n'))
  console.error(`i18n: ${problems.length} problem(s)`)
  process.exit(1)
}
console.log(`i18n: ${zh.size} messages, zh-CN and en in step`)
