// The part of the WebAssembly JS API that ce-nas uses. Node has it at run time, but
// @types/node 20 does not declare it and the DOM library would bring the whole browser.
declare namespace WebAssembly {
  interface Memory {
    readonly buffer: ArrayBuffer;
  }
  interface ModuleImportDescriptor {
    readonly module: string;
    readonly name: string;
    readonly kind: string;
  }
  interface ModuleExportDescriptor {
    readonly name: string;
    readonly kind: string;
  }
  class Module {
    constructor(bytes: Uint8Array);
    static imports(module: Module): ModuleImportDescriptor[];
    static exports(module: Module): ModuleExportDescriptor[];
  }
  class Instance {
    constructor(module: Module, importObject?: object);
    readonly exports: Record<string, unknown>;
  }
}
