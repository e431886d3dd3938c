// The MdocContext @owf/mdoc 0.6.0 needs for verifying signed responses, on node:crypto only:
// SHA digests, ECDSA verification of COSE_Sign1 (raw r||s signatures), X.509 chain checks.
// Signing and MAC keys are not needed here and throw.
import { X509Certificate, webcrypto } from 'node:crypto'
import { CoseKey } from '@owf/mdoc'

const { subtle } = webcrypto
const HASH = { ES256: 'SHA-256', ES384: 'SHA-384', ES512: 'SHA-512' }
const CURVE = { 'P-256': 'P-256', 'P-384': 'P-384', 'P-521': 'P-521' }

const unsupported = (what) => () => {
  throw new Error(`${what} is not needed to verify a device-signed response`)
}

/** The distinguished-name fields of a node X509Certificate name text ("C=US\nCN=..."). */
function nameField(name, field) {
  return name
    .split('\n')
    .map((line) => line.split('='))
    .filter(([key]) => key === field)
    .map(([, ...value]) => value.join('='))
}

export const context = {
  crypto: {
    random: (length) => webcrypto.getRandomValues(new Uint8Array(length)),
    digest: async ({ digestAlgorithm, bytes }) => new Uint8Array(await subtle.digest(digestAlgorithm, bytes)),
    calculateEphemeralMacKey: unsupported('an ephemeral MAC key'),
  },
  cose: {
    sign1: {
      sign: unsupported('signing'),
      verify: async ({ key, sign1 }) => {
        const jwk = key.jwk
        const hash = HASH[sign1.signatureAlgorithmName]
        if (!hash || jwk.kty !== 'EC' || !CURVE[jwk.crv]) {
          throw new Error(`unsupported algorithm ${sign1.signatureAlgorithmName} / key ${jwk.kty} ${jwk.crv}`)
        }
        const publicKey = await subtle.importKey(
          'jwk',
          { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y },
          { name: 'ECDSA', namedCurve: CURVE[jwk.crv] },
          false,
          ['verify'],
        )
        return subtle.verify({ name: 'ECDSA', hash }, publicKey, sign1.signature, sign1.toBeSigned)
      },
    },
    mac0: { sign: unsupported('MAC'), verify: unsupported('MAC') },
  },
  x509: {
    getIssuerNameField: ({ certificate, field }) => nameField(new X509Certificate(certificate).issuer, field),
    getPublicKey: async ({ certificate }) =>
      CoseKey.fromJwk(new X509Certificate(certificate).publicKey.export({ format: 'jwk' })),
    // x5chain is leaf first. Each certificate must be within its validity at `now` and
    // signed by the next; the last must be a trusted certificate or signed by one.
    verifyCertificateChain: async ({ trustedCertificates, x5chain, now }) => {
      const at = now ?? new Date()
      const chain = x5chain.map((der) => new X509Certificate(der))
      const trusted = trustedCertificates.map((der) => new X509Certificate(der))
      if (chain.length === 0) throw new Error('empty x5chain')
      const valid = (cert) => {
        if (at < new Date(cert.validFrom) || at > new Date(cert.validTo)) {
          throw new Error(`certificate ${cert.subject.replace(/\n/g, ', ')} is not valid at ${at.toISOString()}`)
        }
      }
      const signedBy = (cert, issuer) => cert.checkIssued(issuer) && cert.verify(issuer.publicKey)
      chain.forEach(valid)
      for (let i = 0; i + 1 < chain.length; i++) {
        if (!signedBy(chain[i], chain[i + 1])) throw new Error(`x5chain[${i}] is not signed by x5chain[${i + 1}]`)
      }
      const last = chain[chain.length - 1]
      const anchor = trusted.find((t) => t.raw.equals(last.raw) || signedBy(last, t))
      if (!anchor) throw new Error('no trusted certificate issued the x5chain')
      valid(anchor)
    },
    getCertificateData: async ({ certificate }) => {
      const cert = new X509Certificate(certificate)
      return {
        issuerName: cert.issuer.replace(/\n/g, ', '),
        subjectName: cert.subject.replace(/\n/g, ', '),
        serialNumber: cert.serialNumber,
        thumbprint: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
        notBefore: new Date(cert.validFrom),
        notAfter: new Date(cert.validTo),
        pem: cert.toString(),
      }
    },
  },
}
