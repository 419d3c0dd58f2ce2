// Raw HTTP over a TCP socket, for requests that fetch() cannot or will not send
// (a garbage request line, an absolute-form target, HTTP/1.0, no Host header), and
// a parser for the one response the server writes before the connection ends.

import { connect, type Socket } from 'node:net'
import type { CheckedResponse } from './contract.ts'

export interface RawResponse extends CheckedResponse {
  headers: Record<string, string>
}

/** Sends `bytes` to 127.0.0.1:`port` and resolves with the response once the server closes the connection. */
export async function rawRequest (port: number, bytes: string | Buffer): Promise<RawResponse> {
  const connection = rawConnection(port)
  connection.socket.write(bytes)
  return parseResponse(await connection.received)
}

/** A connection to 127.0.0.1:`port`, and everything it receives until the server closes it. */
export function rawConnection (port: number): { socket: Socket, received: Promise<string> } {
  const socket = connect(port, '127.0.0.1')
  const received = new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    // The server may reset the connection after answering a request it refused.
    socket.on('error', (error) => chunks.length > 0 ? resolve(Buffer.concat(chunks).toString('latin1')) : reject(error))
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')))
  })
  return { socket, received }
}

/** Every response in `text`, one after another (each with a Content-Length). */
export function parseResponses (text: string): RawResponse[] {
  const responses: RawResponse[] = []
  while (text !== '') {
    const response = parseResponse(text)
    responses.push(response)
    text = text.slice(text.indexOf('\r\n\r\n') + 4 + Number(response.headers['content-length']))
  }
  return responses
}

/** The status, headers (names in lower case) and body of the first response in `text`. */
export function parseResponse (text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n')
  if (end < 0) throw new Error(`no complete response: ${JSON.stringify(text)}`)
  const [status = '', ...lines] = text.slice(0, end).split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
  }
  let body = text.slice(end + 4)
  if (headers['content-length'] !== undefined) body = body.slice(0, Number(headers['content-length']))
  else if (headers['transfer-encoding'] === 'chunked') body = unchunk(body)
  return { statusCode: Number(status.split(' ')[1]), headers, body: Buffer.from(body, 'latin1').toString('utf8') }
}

function unchunk (text: string): string {
  let out = ''
  let at = 0
  for (;;) {
    const lineEnd = text.indexOf('\r\n', at)
    const size = parseInt(text.slice(at, lineEnd), 16)
    if (!(size > 0)) return out
    out += text.slice(lineEnd + 2, lineEnd + 2 + size)
    at = lineEnd + 2 + size + 2
  }
}
