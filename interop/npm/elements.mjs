// Prints the namespace:element list of a claims file ({namespace: {element: value}}),
// comma-separated, for `mdoc present --elements`.
import { readFileSync } from 'node:fs'

const claims = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const list = []
for (const [ns, elements] of Object.entries(claims)) {
  for (const id of Object.keys(elements)) list.push(`${ns}:${id}`)
}
console.log(list.join(','))
