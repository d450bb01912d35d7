/** Builds the Engine API's multiplexed stream frames for tests: type 1 stdout, 2 stderr, 3 daemon error. */
export function frame(type: 1 | 2 | 3, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}
