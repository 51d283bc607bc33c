// fauxqs (1.9) refuses every SNS message over 256 KiB, a constant; AWS holds each topic to its
// own MaximumMessageSize (256 KiB unless set, at most 1 MiB), and the quarantine topic sets it.
// This module hook makes the emulator's Publish and PublishBatch read the topic's attribute (and
// Publish's error name that limit), so the local stack keeps a large refused request whole as AWS
// does. It fails loudly if another
// fauxqs version no longer has the check it rewrites.
const PUBLISH = /\/fauxqs\/dist\/sns\/actions\/publish\.js$/;
const TOPIC_LIMIT = 'Number(topic.attributes.MaximumMessageSize ?? SNS_MAX_MESSAGE_SIZE_BYTES)';
/** What is rewritten, and how many times each occurs: the two checks and Publish's error text. */
const REWRITES = [
  ['> SNS_MAX_MESSAGE_SIZE_BYTES', `> ${TOPIC_LIMIT}`, 2],
  // Publish's error text, a template literal in fauxqs: `shorter than ${...} bytes`.
  [`shorter than \${SNS_MAX_MESSAGE_SIZE_BYTES} bytes`, `shorter than \${${TOPIC_LIMIT}} bytes`, 1],
];

export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  if (!PUBLISH.test(url)) return loaded;
  let source = String(loaded.source);
  for (const [from, to, expected] of REWRITES) {
    const found = source.split(from).length - 1;
    if (found !== expected) {
      throw new Error(
        `fauxqs-topic-limits: expected ${expected} of "${from}" in ${url}, found ${found}`,
      );
    }
    source = source.replaceAll(from, to);
  }
  return { ...loaded, source };
}
