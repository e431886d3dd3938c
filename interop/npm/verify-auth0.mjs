// Verifies a DeviceResponse with @auth0/mdl's Verifier: issuer signature and chain to the
// IACA, MSO validity, device signature over the session transcript, every element digest.
// The library takes the transcript as SessionTranscriptBytes, #6.24(bstr .cbor
// SessionTranscript) (it decodes the argument and reads the tag's content); given a plain
// SessionTranscript it signs over `undefined` and every device signature fails.
import { Verifier } from '@auth0/mdl'
import { args, report, sessionTranscriptBytes, version } from './common.mjs'

const input = args()
const failed = []
const onCheck = (check) => {
  if (check.status === 'FAILED') failed.push(`${check.category} ${check.check}${check.reason ? `: ${check.reason}` : ''}`)
}
const lib = `@auth0/mdl ${version('@auth0/mdl')}`
try {
  const mdoc = await new Verifier([input.trustPem]).verify(input.response, {
    encodedSessionTranscript: sessionTranscriptBytes(input.transcript),
    onCheck,
  })
  const [document] = mdoc.documents
  const disclosed = {}
  for (const [ns, items] of Object.entries(document.issuerSigned.nameSpaces ?? {})) {
    disclosed[ns] = Object.fromEntries(items.map((item) => [item.elementIdentifier, item.elementValue]))
  }
  report(lib, input, { docType: document.docType, failed, disclosed })
} catch (error) {
  report(lib, input, { failed, error })
}
