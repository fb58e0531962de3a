/** Vite's `?url` imports: the URL of an emitted asset (the wasm binaries of tfjs-backend-wasm). */
declare module '*.wasm?url' {
  const url: string;
  export default url;
}

/** Vite's `?raw` imports: a file's text (the glue script of tfjs-backend-wasm's threaded build). */
declare module '*.js?raw' {
  const text: string;
  export default text;
}
