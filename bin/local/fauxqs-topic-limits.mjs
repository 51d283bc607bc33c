// fauxqs (1.9) refuses every SNS message over 256 KiB, a constant; AWS holds each topic to its
// own MaximumMessageSize (256 KiB unless set, at most 1 MiB), and the quarantine topic sets it.
// This module hook makes the emulator's Publish and PublishBatch read the topic's attribute, so
// the local stack keeps a large refused request whole as AWS does. It fails loudly if another
// fauxqs version no longer has the check it rewrites.
const PUBLISH = /\/fauxqs\/dist\/sns\/actions\/publish\.js$/;
const CHECK = '> SNS_MAX_MESSAGE_SIZE_BYTES';
const TOPIC_LIMIT = '> Number(topic.attributes.MaximumMessageSize ?? SNS_MAX_MESSAGE_SIZE_BYTES)';

export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  if (!PUBLISH.test(url)) return loaded;
  const source = String(loaded.source);
  const checks = source.split(CHECK).length - 1;
  if (checks !== 2) {
    throw new Error(`fauxqs-topic-limits: expected 2 size checks in ${url}, found ${checks}`);
  }
  return { ...loaded, source: source.replaceAll(CHECK, TOPIC_LIMIT) };
}
