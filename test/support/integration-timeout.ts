// Redrive and retries wait out real visibility timeouts on the emulators.
jest.setTimeout(60_000);
