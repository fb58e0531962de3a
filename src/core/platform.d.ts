/**
 * The few platform globals core may use: those that Node 20 and a Web Worker both provide. Core is
 * type-checked with the ES library only (no DOM, no WebWorker, no Node types), so anything used here
 * must be declared here, on purpose.
 */
interface CoreResponse {
  readonly ok: boolean;
  readonly status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}
type Response = CoreResponse;

declare function fetch(input: string | URL): Promise<CoreResponse>;

declare class URL {
  constructor(url: string, base?: string | URL);
  readonly href: string;
  toString(): string;
}

declare class TextDecoder {
  decode(input?: Uint8Array): string;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}

declare const crypto: {
  readonly subtle: {
    digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  };
};

/** Base64 (Latin-1 strings), for the per-image predictions a run keeps (spec/predictions.ts). */
declare function btoa(data: string): string;
declare function atob(data: string): string;
