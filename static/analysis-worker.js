// The analysis Web Worker (a module worker, same origin). It runs the page's own wasm module, which the page sends
// already compiled together with the URL of its wasm-bindgen glue: no second download, no second compile. The
// module's `main` sees a worker scope instead of a window and installs the analysis message handler
// (src/ui/worker.rs), which then answers "ready".
self.addEventListener(
  "message",
  async (event) => {
    const { glue, module } = event.data;
    const { default: init } = await import(glue);
    await init({ module_or_path: module });
  },
  { once: true },
);
