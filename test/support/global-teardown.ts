import type { Emulators } from '../../bin/local/emulators';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { emulators?: Emulators }).emulators?.stop();
}
