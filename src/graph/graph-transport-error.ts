import { GraphClientError } from '@microsoft/microsoft-graph-client';

/**
 * A Graph request that got no HTTP answer: it timed out, the connection failed, or no token could be had.
 * It extends the SDK's GraphClientError because GraphRequest rethrows those unchanged, where any other
 * error from a middleware would be flattened into a GraphError without its cause.
 */
export class GraphTransportError extends GraphClientError {
  constructor(
    readonly reason: 'timeout' | 'network' | 'credential',
    message: string,
    readonly attempts: number,
    override readonly cause?: unknown,
  ) {
    super(message);
    Object.setPrototypeOf(this, GraphTransportError.prototype);
    this.name = 'GraphTransportError';
  }
}
