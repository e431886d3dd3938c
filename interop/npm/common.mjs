// Shared by verify-auth0.mjs and verify-owf.mjs: arguments, inputs, and the result line.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { inspect } from 'node:util'

/** `--name value` pairs of the command line. */
export function args() {
  const out = {}
  const argv = process.argv.slice(2)
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) usage()
    out[argv[i].slice(2)] = argv[i + 1]
  }
  for (const name of ['response', 'transcript', 'trust', 'doctype', 'claims']) {
    if (!out[name]) usage()
  }
  return {
    response: new Uint8Array(readFileSync(out.response)),
    transcript: new Uint8Array(readFileSync(out.transcript)),
    trustPem: readFileSync(out.trust, 'utf8'),
    doctype: out.doctype,
    claims: JSON.parse(readFileSync(out.claims, 'utf8')),
  }
}

function usage() {
  console.error('usage: node verify-LIB.mjs --response FILE --transcript FILE --trust IACA.pem --doctype DOCTYPE --claims FILE')
  process.exit(2)
}

/** The version of an installed package, e.g. `version('@auth0/mdl')`. */
export function version(name) {
  const require = createRequire(import.meta.url)
  return require(`${name}/package.json`).version
}

/** The DER bytes of the first certificate of a PEM text. */
export function pemToDer(pem) {
  const b64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '')
  return new Uint8Array(Buffer.from(b64, 'base64'))
}

/**
 * `#6.24(bstr .cbor SessionTranscript)` of a transcript given in either form: a transcript
 * that already starts with tag 24 (d8 18) is returned as it is.
 */
export function sessionTranscriptBytes(transcript) {
  if (transcript[0] === 0xd8 && transcript[1] === 0x18) return transcript
  const n = transcript.length
  const head =
    n < 24 ? [0x40 | n]
      : n < 0x100 ? [0x58, n]
        : n < 0x10000 ? [0x59, n >> 8, n & 0xff]
          : [0x5a, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]
  return new Uint8Array([0xd8, 0x18, ...head, ...transcript])
}

/**
 * Reports one library's verdict on one doctype and exits: 0 valid, 1 not.
 * `failed` lists the failed checks; `disclosed` maps namespace -> {element: value} as the
 * library decoded them. Every claimed element must have been disclosed and verified.
 */
export function report(lib, { doctype, claims }, { docType, failed, disclosed, error }) {
  const problems = [...failed]
  if (error) problems.push(`threw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`)
  if (!error) {
    if (docType !== doctype) problems.push(`docType ${docType}, expected ${doctype}`)
    for (const [ns, elements] of Object.entries(claims)) {
      for (const id of Object.keys(elements)) {
        if (!disclosed?.[ns] || !(id in disclosed[ns])) problems.push(`${ns}/${id} not disclosed`)
      }
    }
  }
  const label = `${lib.padEnd(20)} ${doctype.padEnd(26)}`
  if (problems.length === 0) {
    const count = Object.values(disclosed).reduce((n, e) => n + Object.keys(e).length, 0)
    console.log(`${label} valid (${count} elements)`)
  } else {
    console.log(`${label} INVALID`)
    for (const p of problems) console.log(`    ${p}`)
  }
  if (process.env.INTEROP_VERBOSE) {
    console.log(inspect(disclosed, { depth: 4, maxArrayLength: 8, maxStringLength: 60, breakLength: 120 }))
  }
  process.exit(problems.length === 0 ? 0 : 1)
}
