// Verifies a DeviceResponse with @owf/mdoc's Verifier.verifyDeviceResponse: device signature
// over the session transcript, issuer signature and chain to the IACA, MSO validity, every
// element digest. The library leaves crypto to the caller: owf-context.mjs.
import { DeviceResponse, Verifier } from '@owf/mdoc'
import { args, pemToDer, report, version } from './common.mjs'
import { context } from './owf-context.mjs'

const input = args()
const failed = []
const onCheck = (check) => {
  if (check.status === 'FAILED') failed.push(`${check.category} ${check.check}${check.reason ? `: ${check.reason}` : ''}`)
}
const lib = `@owf/mdoc ${version('@owf/mdoc')}`
try {
  const response = DeviceResponse.decode(input.response)
  await Verifier.verifyDeviceResponse(
    {
      deviceResponse: response,
      sessionTranscript: input.transcript,
      trustedCertificates: [pemToDer(input.trustPem)],
      onCheck,
    },
    context,
  )
  const [document] = response.documents
  const disclosed = {}
  for (const ns of document.issuerSigned.issuerNamespaces.issuerNamespaces.keys()) {
    disclosed[ns] = document.issuerSigned.getPrettyClaims(ns)
  }
  report(lib, input, { docType: document.docType, failed, disclosed })
} catch (error) {
  report(lib, input, { failed, error })
}
