// Worker-thread entry for batch preprocessing. Owned by the model runtime (src-main/core/model/).
export {};
