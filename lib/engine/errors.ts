/** Input the engine cannot give a meaning to (bad date, window crossing midnight, unknown zone…). */
export class EngineInputError extends Error {
  override readonly name = "EngineInputError";
  constructor(
    message: string,
    /** Where in the input the problem is, e.g. `weekly[2].windows[0]`. */
    readonly path?: string,
  ) {
    super(path ? `${path}: ${message}` : message);
  }
}
