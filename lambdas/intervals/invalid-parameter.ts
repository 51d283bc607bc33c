/** A parameter the figures cannot be computed from; the read API answers 400 naming it. */
export class InvalidParameter extends Error {
  constructor(
    readonly parameter: string,
    readonly reason: string,
  ) {
    super(`${parameter}: ${reason}`);
    this.name = 'InvalidParameter';
  }
}
